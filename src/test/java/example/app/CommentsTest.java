package example.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.BlogRepository;
import dev.blogkit.InvalidInputException;
import dev.blogkit.TestDatabase;
import dev.blogkit.migration.Migrations;
import dev.blogkit.testing.BlogKitTest;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An application that extends BlogKit with an entity of its own, as the README's Comment example does: its
 * entity, its migrations (written by {@code generate}, under src/test/resources/db/comments) with their own
 * history table, migrated by {@link Blog#open} after BlogKit's, used through {@link Blog#inTransaction}. Each test
 * gets its database from {@link BlogKitTest}, configured with the entity and the migrations.
 */
@BlogKitTest(entities = Comment.class, migrations = CommentsTest.LOCATION, historyTable = CommentsTest.HISTORY)
class CommentsTest {

    static final String LOCATION = "classpath:db/comments";
    static final String HISTORY = "comments_schema_history";

    /** The test's database, as @BlogKitTest configures it; each test opens the blog itself. */
    BlogConfig config;

    @BeforeEach
    void configure(BlogConfig config) {
        this.config = config;
    }

    private long count(String query) {
        return ((Number) TestDatabase.rows(config.jdbcUrl(), query).get(0).values().iterator().next()).longValue();
    }

    @Test
    void openingMigratesBlogKitThenTheApplicationAndTheEntitiesMatch() {
        try (Blog blog = Blog.open(config)) {
            assertThat(count("SELECT count(*) FROM comments")).isZero();
        }
        assertThat(Migrations.on(config).currentVersion()).contains("10");
        assertThat(Migrations.ofApplication(config).currentVersion()).contains("1");
        assertThat(count("SELECT count(*) FROM " + HISTORY + " WHERE version = '1'")).isEqualTo(1);
        assertThat(Migrations.ofApplication(config).check().matches()).isTrue();
        assertThat(Migrations.ofApplication(config).validate().valid()).isTrue();
    }

    @Test
    void commentsAreStoredReadAndGoWithTheirPost() {
        try (Blog blog = Blog.open(config)) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("alice", "alice@example.com");
            Post post = repo.createPost(alice.getId(), "Hello", "First post", true);
            Instant now = Instant.parse("2026-11-24T10:00:00Z");

            Comment saved = blog.inTransaction(session -> {
                Comment comment = new Comment(session.getReference(Post.class, post.getId()), "Nice post!", now);
                session.persist(comment);
                return comment;
            });
            assertThat(saved.getId()).isNotNull();

            List<Comment> comments = blog.inReadTransaction(session -> session.createSelectionQuery(
                    "from Comment c where c.post.id = :post order by c.id", Comment.class)
                    .setParameter("post", post.getId()).getResultList());
            assertThat(comments).extracting(Comment::getBody, Comment::getCreatedAt).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("Nice post!", now));

            repo.deletePost(post.getId());
            assertThat(count("SELECT count(*) FROM comments")).as("gone with their post").isZero();
        }
    }

    @Test
    void aFailingTransactionLeavesNothingBehindAndRaisesABlogException() {
        try (Blog blog = Blog.open(config)) {
            assertThatThrownBy(() -> blog.inTransaction(session -> {
                session.persist(new Comment(session.getReference(Post.class, 404L), "orphan", Instant.EPOCH));
                return null;
            })).isInstanceOf(BlogException.class);
            assertThat(count("SELECT count(*) FROM comments")).isZero();
            assertThatThrownBy(() -> blog.inTransaction(null)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void undoingTheApplicationsVersionLeavesBlogKitsTablesAndRows() {
        try (Blog blog = Blog.open(config)) {
            blog.repository().createUser("alice", "alice@example.com");
        }
        Migrations.ofApplication(config).undo();

        assertThat(Migrations.ofApplication(config).currentVersion()).isEmpty();
        assertThat(Migrations.on(config).currentVersion()).contains("10");
        assertThat(count("SELECT count(*) FROM users")).isEqualTo(1);
        assertThatThrownBy(() -> Blog.open(BlogConfig.builder(config.jdbcUrl()).entities(Comment.class)
                .migrations(LOCATION, HISTORY).migrateOnOpen(false).build()))
                .isInstanceOf(BlogException.class).hasMessageContaining("V1 (create comments)");
    }

    @Test
    void anEntityWithoutItsTableIsRefusedAtOpen() {
        assertThatThrownBy(() -> Blog.open(BlogConfig.builder(config.jdbcUrl()).entities(Comment.class).build()))
                .isInstanceOf(BlogException.class).hasMessageContaining("comments");
    }

    @Test
    void theConfigurationRefusesWhatIsNotAnApplicationEntityOrLocation() {
        BlogConfig.Builder builder = BlogConfig.builder(config.jdbcUrl());
        assertThatThrownBy(() -> builder.entities(String.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not an @Entity");
        assertThatThrownBy(() -> builder.entities(User.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("BlogKit's own");
        assertThatThrownBy(() -> builder.migrations("db/comments", HISTORY)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.migrations(LOCATION, "blogkit_schema_history"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Migrations.ofApplication(BlogConfig.builder(config.jdbcUrl()).build()))
                .isInstanceOf(InvalidInputException.class);
    }
}
