package dev.blogkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogRepository;
import dev.blogkit.DatabaseKind;
import dev.blogkit.TestDatabase;
import dev.blogkit.migration.Migrations;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import example.app.Comment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link BlogKitTest} as an application uses it: each nested class below is a test class of an application's,
 * run here through JUnit's engine test kit (surefire leaves nested classes alone), and what its tests saw is
 * checked afterwards: a fresh, migrated blog per test method, shared with its @BeforeEach and @AfterEach, closed
 * and deleted (or its schema dropped) after it, the options, and PostgreSQL when a server is configured.
 */
class BlogKitTestExtensionTest {

    /** What the application's tests saw: database URLs, and other facts, in the order they ran. */
    static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    static final String SERVER = System.getenv(BlogKitTest.POSTGRES_URL_VARIABLE);

    private static EngineExecutionResults run(Class<?> testClass, String postgresUrl) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter(BlogKitTest.POSTGRES_URL_PROPERTY, postgresUrl)
                .execute();
    }

    private static List<String> seen(String prefix) {
        return SEEN.stream().filter(fact -> fact.startsWith(prefix)).map(fact -> fact.substring(prefix.length()))
                .toList();
    }

    @BlogKitTest
    static class TwoSignUps {

        @Test
        void first(BlogRepository repo, BlogConfig config) {
            signUp(repo, config);
        }

        @Test
        void second(BlogRepository repo, BlogConfig config) {
            signUp(repo, config);
        }

        private static void signUp(BlogRepository repo, BlogConfig config) {
            // the same username in both tests: a shared database would refuse the second
            repo.createUser("alice", "alice@example.com");
            SEEN.add("url:" + config.jdbcUrl());
            SEEN.add("version:" + Migrations.on(config).currentVersion().orElse("none"));
            config.databaseFile().ifPresent(file -> SEEN.add("file:" + file));
        }
    }

    @Test
    void eachTestMethodGetsAFreshMigratedBlogOnATemporarySqliteFileDeletedAfterIt() {
        EngineExecutionResults results = run(TwoSignUps.class, "");

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
        assertThat(results.containerEvents().started().list()).extracting(BlogKitTestExtensionTest::name)
                .contains("[sqlite]").doesNotContain("[postgresql]");
        assertThat(seen("version:")).containsExactly("10", "10");
        List<String> files = seen("file:");
        assertThat(files).hasSize(2).doesNotHaveDuplicates();
        for (String file : files) {
            assertThat(Path.of(file)).doesNotExist();
            assertThat(Path.of(file).getParent()).as("its temporary folder").doesNotExist();
        }
    }

    @BlogKitTest(databases = DatabaseKind.SQLITE)
    static class SharedWithBeforeAndAfterEach {

        @BeforeEach
        void seed(BlogRepository repo) {
            repo.createUser("seeded", "seeded@example.com");
        }

        @Test
        void seesTheSeed(Blog blog, BlogRepository repo) {
            assertThat(blog.repository()).isSameAs(repo);
            SEEN.add("found:" + repo.findUserByUsername("seeded").isPresent());
            repo.createUser("second", "second@example.com");
        }

        @AfterEach
        void stillOpen(BlogRepository repo, BlogConfig config) {
            SEEN.add("users:" + repo.listUsers(null, 10).items().size());
            SEEN.add("file:" + config.databaseFile().orElseThrow());
        }
    }

    @Test
    void beforeEachTheTestAndAfterEachShareOneBlog() {
        run(SharedWithBeforeAndAfterEach.class, "").testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(seen("found:")).containsExactly("true");
        assertThat(seen("users:")).containsExactly("2");
        assertThat(Path.of(seen("file:").get(0))).doesNotExist();
    }

    @BlogKitTest(databases = DatabaseKind.SQLITE)
    static class FailingTest {

        @Test
        void fails(BlogConfig config, BlogRepository repo) {
            SEEN.add("file:" + config.databaseFile().orElseThrow());
            repo.createUser("bob", "bob@example.com");
            throw new AssertionError("the application's test fails");
        }
    }

    @Test
    void aFailedTestsDatabaseIsDeletedToo() {
        run(FailingTest.class, "").testEvents().assertStatistics(stats -> stats.failed(1));

        assertThat(Path.of(seen("file:").get(0)).getParent()).doesNotExist();
    }

    @BlogKitTest(fixedClock = "2024-02-29T12:00:00Z", databases = DatabaseKind.SQLITE)
    static class StoppedClock {

        @Test
        void stampsEverythingWithTheFixedInstant(BlogRepository repo) {
            User user = repo.createUser("carol", "carol@example.com");
            Post post = repo.createPost(user.getId(), "Leap day", "A rare day.", true);
            SEEN.add("user:" + user.getCreatedAt());
            SEEN.add("post:" + post.getCreatedAt());
            SEEN.add("published:" + post.getPublishedAt());
        }
    }

    @Test
    void aFixedClockStampsEveryRow() {
        run(StoppedClock.class, "").testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(seen("user:")).containsExactly("2024-02-29T12:00:00Z");
        assertThat(seen("post:")).containsExactly("2024-02-29T12:00:00Z");
        assertThat(seen("published:")).containsExactly("2024-02-29T12:00:00Z");
    }

    @BlogKitTest(fixedClock = "yesterday", databases = DatabaseKind.SQLITE)
    static class BadClock {

        @Test
        void neverRuns(Blog blog) {
            SEEN.add("ran");
        }
    }

    @Test
    void aClockThatIsNotAnInstantFailsTheTestWithTheReason() {
        EngineExecutionResults results = run(BadClock.class, "");

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(SEEN).isEmpty();
        assertThat(failure(results)).contains("fixedClock = \"yesterday\"").contains("ISO-8601");
    }

    @BlogKitTest(entities = Comment.class, migrations = "classpath:db/comments",
            historyTable = "comments_schema_history")
    static class WithTheApplicationsOwnEntities {

        @Test
        void commentsAreMappedAndMigrated(Blog blog, BlogConfig config) {
            User user = blog.repository().createUser("dave", "dave@example.com");
            Post post = blog.repository().createPost(user.getId(), "Hello", "Comment here.", true);
            Long id = blog.inTransaction(session -> {
                Comment comment = new Comment(session.getReference(Post.class, post.getId()), "Nice!", Instant.EPOCH);
                session.persist(comment);
                return comment.getId();
            });
            SEEN.add("comment:" + (id != null));
            SEEN.add("app version:" + Migrations.ofApplication(config).currentVersion().orElse("none"));
            SEEN.add("comments:" + TestDatabase.rows(config.jdbcUrl(), "SELECT count(*) AS n FROM comments")
                    .get(0).get("n"));
        }
    }

    @BlogKitTest(entities = Comment.class, migrations = "classpath:db/comments",
            historyTable = "comments_schema_history", fixedClock = "2024-02-29T12:00:00Z", databases = DatabaseKind.SQLITE)
    static class ASecondBlogOverTheTestsDatabase {

        @Test
        void keepsItsEntitiesMigrationsAndClock(Blog blog, BlogConfig config) {
            User user = blog.repository().createUser("erin", "erin@example.com");
            Post post = blog.repository().createPost(user.getId(), "Hello", "Comment here.", true);
            try (Blog reader = Blog.open(config.sameDatabase().readOnly(true).build())) {
                Long comments = reader.inTransaction(session -> session.createQuery(
                        "select count(c) from Comment c", Long.class).getSingleResult());
                SEEN.add("second comments:" + comments);
                SEEN.add("second clock:" + reader.repository().findPost(post.getId()).orElseThrow().getCreatedAt());
            }
            BlogConfig derived = config.sameDatabase().build();
            SEEN.add("second set:" + derived.migrationLocation().orElse("none") + " " + derived.historyTable()
                    + " " + derived.entities().size() + " " + derived.clock().instant());
        }
    }

    @Test
    void aConfigurationDerivedWithSameDatabaseKeepsTheTestsEntitiesMigrationsAndClock() {
        run(ASecondBlogOverTheTestsDatabase.class, "").testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(seen("second comments:")).containsExactly("0");
        assertThat(seen("second clock:")).containsExactly("2024-02-29T12:00:00Z");
        assertThat(seen("second set:")).containsExactly("classpath:db/comments comments_schema_history 1 2024-02-29T12:00:00Z");
    }

    @Test
    void theApplicationsEntitiesAndMigrationsComeWithTheBlog() {
        run(WithTheApplicationsOwnEntities.class, "").testEvents().assertStatistics(stats -> stats.succeeded(1));

        assertThat(seen("comment:")).containsExactly("true");
        assertThat(seen("app version:")).containsExactly("1");
        assertThat(seen("comments:")).containsExactly("1");
    }

    @BlogKitTest(databases = DatabaseKind.SQLITE)
    static class WithNestedTests {

        @Test
        void outer(BlogRepository repo) {
            SEEN.add("users:" + repo.listUsers(null, 10).items().size());
            repo.createUser("outer", "outer@example.com");
        }

        @org.junit.jupiter.api.Nested
        class Inner {

            @Test
            void inner(BlogRepository repo, BlogConfig config) {
                SEEN.add("users:" + repo.listUsers(null, 10).items().size());
                repo.createUser("inner", "inner@example.com");
                SEEN.add("file:" + config.databaseFile().orElseThrow());
            }
        }
    }

    @Test
    void nestedTestClassesGetAFreshBlogPerTestToo() {
        run(WithNestedTests.class, "").testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        assertThat(seen("users:")).containsExactly("0", "0");
        assertThat(Path.of(seen("file:").get(0))).doesNotExist();
    }

    @BlogKitTest(databases = DatabaseKind.POSTGRESQL)
    static class OnlyOnPostgresql {

        @Test
        void needsTheServer(BlogRepository repo) {
            SEEN.add("ran");
        }
    }

    @Test
    void withoutAServerAClassForPostgresqlAloneIsSkippedAndSaysWhy() {
        EngineExecutionResults results = run(OnlyOnPostgresql.class, "  ");

        assertThat(SEEN).isEmpty();
        List<Event> skipped = results.allEvents().skipped().list();
        assertThat(skipped).isNotEmpty().allSatisfy(event ->
                assertThat(event.getRequiredPayload(String.class)).contains(BlogKitTest.POSTGRES_URL_VARIABLE)
                        .contains(BlogKitTest.POSTGRES_URL_PROPERTY));
        assertThat(results.containerEvents().started().list()).extracting(BlogKitTestExtensionTest::name)
                .contains("[postgresql]").doesNotContain("[sqlite]");
    }

    @BlogKitTest
    static class StaticSetUp {

        @BeforeAll
        static void tooEarly(Blog blog) {
            SEEN.add("ran");
        }

        @Test
        void test() {
            SEEN.add("ran");
        }
    }

    @Test
    void aBlogOutsideATestMethodIsRefusedWithTheReason() {
        EngineExecutionResults results = run(StaticSetUp.class, "");

        assertThat(SEEN).isEmpty();
        assertThat(results.containerEvents().failed().list()).singleElement()
                .satisfies(event -> assertThat(event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow())
                        .hasMessageContaining("to each test method"));
    }

    @Test
    void withAServerTheSameTestsRunOnPostgresqlTooEachInASchemaDroppedAfterIt() {
        assumeThat(SERVER).as(BlogKitTest.POSTGRES_URL_VARIABLE + " is not set: skipped on PostgreSQL").isNotBlank();

        EngineExecutionResults results = run(TwoSignUps.class, SERVER);

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));
        assertThat(results.containerEvents().started().list()).extracting(BlogKitTestExtensionTest::name)
                .contains("[sqlite]", "[postgresql]");
        assertThat(seen("version:")).containsExactly("10", "10", "10", "10");
        List<String> schemas = seen("url:").stream().filter(url -> url.startsWith("jdbc:postgresql:"))
                .map(url -> url.substring(url.indexOf("currentSchema=") + "currentSchema=".length())).toList();
        assertThat(schemas).hasSize(2).doesNotHaveDuplicates().allMatch(schema -> schema.startsWith("blogkit_test_"));
        for (String schema : schemas) {
            assertThat(TestDatabase.rows(SERVER, "SELECT count(*) AS n FROM information_schema.schemata"
                    + " WHERE schema_name = '" + schema + "'").get(0).get("n")).as(schema + " dropped").isEqualTo(0L);
        }
        assertThat(seen("file:")).hasSize(2).allMatch(file -> !Files.exists(Path.of(file)));
    }

    private static String name(Event event) {
        return event.getTestDescriptor().getDisplayName();
    }

    private static String failure(EngineExecutionResults results) {
        return results.allEvents().failed().list().stream()
                .map(event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(Throwable::toString).orElse(""))
                .reduce("", String::concat);
    }
}
