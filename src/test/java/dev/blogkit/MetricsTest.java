package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an application's Micrometer registry sees of BlogKit ({@link BlogConfig.Builder#meterRegistry}): a timer
 * per operation and outcome, the statements per call, the pool's gauges; and nothing without a registry.
 */
class MetricsTest extends EachDatabase {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TestDatabase.SqlLog sql = new TestDatabase.SqlLog();
    Blog blog;
    BlogRepository repo;

    @BeforeEach
    void openBlog() {
        blog = Blog.open(BlogConfig.builder(target.url()).poolSize(4).meterRegistry(registry).sqlObserver(sql).build());
        repo = blog.repository();
    }

    @AfterEach
    void closeBlog() {
        if (blog != null) {
            blog.close();
        }
    }

    private Timer timer(String operation, String outcome) {
        return registry.get("blogkit.repository.calls").tag("operation", operation).tag("outcome", outcome).timer();
    }

    private DistributionSummary statements(String operation) {
        return registry.get("blogkit.repository.statements").tag("operation", operation).summary();
    }

    @Test
    void eachRepositoryCallIsTimedByOperationAndOutcome() {
        repo.createUser("alice", "alice@example.com");
        repo.createUser("bob", "bob@example.com");
        assertThatThrownBy(() -> repo.createUser("ALICE", "other@example.com")).isInstanceOf(DuplicateException.class);
        assertThatThrownBy(() -> repo.createUser("", "x@example.com")).isInstanceOf(InvalidInputException.class);
        assertThat(repo.deletePost(404L)).isFalse();
        assertThatThrownBy(() -> repo.createPost(404L, "Orphan", "No author", true)).isInstanceOf(NotFoundException.class);

        Timer created = timer("createUser", "success");
        assertThat(created.count()).isEqualTo(2);
        assertThat(created.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(created.getId().getTag("exception")).isEqualTo("none");
        Timer duplicate = timer("createUser", "duplicate");
        assertThat(duplicate.count()).isEqualTo(1);
        assertThat(duplicate.getId().getTag("exception")).isEqualTo("DuplicateException");
        assertThat(timer("createUser", "invalid_input").count()).isEqualTo(1);
        assertThat(timer("createPost", "not_found").getId().getTag("exception")).isEqualTo("NotFoundException");
        assertThat(timer("deletePost", "success").count()).as("false is an answer, not a failure").isEqualTo(1);
        assertThat(registry.find("blogkit.repository.calls").timers()).extracting(t -> t.getId().getTag("operation"))
                .containsOnly("createUser", "createPost", "deletePost");
    }

    @Test
    void theStatementsOfEachCallAreCountedAsTheDatabaseSeesThem() {
        User alice = repo.createUser("alice", "alice@example.com");
        sql.clear();
        repo.findUser(alice.getId());
        int findStatements = sql.statements().size();
        sql.clear();
        Post post = repo.createPost(alice.getId(), "Hello", "First post", true);
        int createStatements = sql.statements().size();

        assertThat(findStatements).isEqualTo(1);
        assertThat(statements("findUser").count()).isEqualTo(1);
        assertThat(statements("findUser").totalAmount()).isEqualTo(findStatements);
        assertThat(statements("createPost").totalAmount()).isEqualTo(createStatements).isPositive();
        assertThat(statements("createPost").getId().getBaseUnit()).isEqualTo("statements");
        assertThat(post.getId()).isNotNull();
    }

    @Test
    void transactionsAreTimedAsWholesAndTheCallsInsideOneByOne() {
        Post post = blog.inRepositoryTransaction(shared -> {
            User user = shared.createUser("carol", "carol@example.com");
            return shared.createPost(user.getId(), "Signed up", "Hello", true);
        });
        long count = blog.inReadTransaction(session -> session.createSelectionQuery(
                "select count(*) from Post", Long.class).getSingleResult());
        assertThatThrownBy(() -> blog.inTransaction(session -> {
            throw new IllegalStateException("the application's own failure");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(post.getId()).isNotNull();
        assertThat(count).isEqualTo(1);
        assertThat(timer("inRepositoryTransaction", "success").count()).isEqualTo(1);
        assertThat(timer("createUser", "success").count()).isEqualTo(1);
        assertThat(timer("createPost", "success").count()).isEqualTo(1);
        assertThat(timer("inReadTransaction", "success").count()).isEqualTo(1);
        assertThat(statements("inReadTransaction").totalAmount()).isEqualTo(1);
        assertThat(timer("inTransaction", "error").getId().getTag("exception")).isEqualTo("IllegalStateException");
        assertThat(statements("inRepositoryTransaction").totalAmount())
                .isEqualTo(statements("createUser").totalAmount() + statements("createPost").totalAmount());
    }

    @Test
    void thePoolPublishesItsGaugesUntilTheBlogCloses() {
        repo.createUser("dave", "dave@example.com");
        String pool = registry.get("hikaricp.connections.max").gauge().getId().getTag("pool");

        assertThat(pool).startsWith("blogkit:");
        assertThat(registry.get("hikaricp.connections.max").tag("pool", pool).gauge().value()).isEqualTo(4);
        assertThat(registry.get("hikaricp.connections.active").tag("pool", pool).gauge().value()).isZero();
        assertThat(registry.get("hikaricp.connections").tag("pool", pool).gauge().value()).isBetween(1.0, 4.0);
        assertThat(registry.get("hikaricp.connections.pending").tag("pool", pool).gauge()).isNotNull();
        assertThat(registry.get("hikaricp.connections.acquire").tag("pool", pool).timer().count()).isPositive();

        blog.close();
        assertThat(registry.find("hikaricp.connections.max").gauges()).as("removed with the pool").isEmpty();
    }

    @Test
    void twoBlogsInOneRegistryHaveAPoolEachEvenOnFilesOfTheSameName() throws Exception {
        java.nio.file.Path other = java.nio.file.Files.createDirectories(dir.resolve("other"));
        String url = target.file().isPresent() ? TestDatabase.url(other.resolve("blog.db")) : target.url();
        String first = registry.get("hikaricp.connections.max").gauge().getId().getTag("pool");
        try (Blog second = Blog.open(BlogConfig.builder(url).poolSize(2).meterRegistry(registry).build())) {
            second.repository().createUser("frank", "frank@example.com");
            assertThat(registry.find("hikaricp.connections.max").gauges()).extracting(g -> g.getId().getTag("pool"))
                    .hasSize(2).contains(first);
            String secondPool = registry.find("hikaricp.connections.max").gauges().stream()
                    .map(g -> g.getId().getTag("pool")).filter(name -> !name.equals(first)).findFirst().orElseThrow();
            // "blogkit:blog.db" and "blogkit:blog.db#2" (other tests' pools, open meanwhile, may take other numbers)
            assertThat(secondPool).startsWith(target.file().isPresent() ? "blogkit:blog.db" : "blogkit:postgresql")
                    .isNotEqualTo(first);
            assertThat(registry.get("hikaricp.connections.max").tag("pool", secondPool).gauge().value()).isEqualTo(2);
            assertThat(registry.get("hikaricp.connections.max").tag("pool", first).gauge().value()).isEqualTo(4);
        }
        assertThat(registry.find("hikaricp.connections.max").gauges()).extracting(g -> g.getId().getTag("pool"))
                .as("the first blog's pool keeps its meters").containsExactly(first);
    }

    @Test
    void withoutARegistryNothingIsMeasuredAndTheRepositoryIsBlogKitsOwn() {
        try (Blog plain = Blog.open(BlogConfig.builder(target.url()).build())) {
            plain.repository().createUser("erin", "erin@example.com");
            assertThat(Proxy.isProxyClass(plain.repository().getClass())).isFalse();
        }
        assertThat(Proxy.isProxyClass(repo.getClass())).isTrue();
        assertThat(registry.getMeters()).extracting(Meter::getId).noneMatch(id ->
                id.getName().equals("blogkit.repository.calls") && "erin".equals(id.getTag("operation")));
        assertThat(registry.find("blogkit.repository.calls").timers()).isEmpty();
    }

    @Test
    void aNullRegistryOrAnObjectThatIsNoMeterRegistryIsRefused() {
        assertThatThrownBy(() -> BlogConfig.builder(target.url()).meterRegistry(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("meterRegistry"));
        assertThatThrownBy(() -> BlogConfig.builder(target.url()).meterRegistry("registry"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("meterRegistry"))
                .hasMessageContaining("io.micrometer.core.instrument.MeterRegistry, not a java.lang.String");
        assertThat(BlogConfig.builder(target.url()).meterRegistry(new io.micrometer.core.instrument.composite
                .CompositeMeterRegistry()).build().meterRegistry()).isPresent();
        assertThat(BlogConfig.builder(target.url()).meterRegistry(registry).build().meterRegistry()).containsSame(registry);
        assertThat(BlogConfig.builder(target.url()).build().meterRegistry()).isEmpty();
    }
}
