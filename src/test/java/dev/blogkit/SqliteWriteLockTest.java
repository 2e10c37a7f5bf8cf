package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds SQLite's write lock for longer than the busy timeout: each kind of write fails with the
 * documented exception and changes nothing, and the same pooled connection serves reads and writes as soon as
 * the lock is free again.
 */
class SqliteWriteLockTest {

    @TempDir
    Path dir;

    @Test
    void writesThatOutwaitTheBusyTimeoutFailCleanlyAndTheConnectionServesTheNextCalls() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("blog.db");
        try (Blog blog = Blog.open(BlogConfig.builder(url).poolSize(1).busyTimeout(Duration.ofMillis(200)).build())) {
            BlogRepository repo = blog.repository();
            long alice = repo.createUser("alice", "alice@example.com").getId();
            long post = repo.createPost(alice, "First", "Hello", true).getId();

            try (Connection other = DriverManager.getConnection(url); Statement statement = other.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                // every way in: the stateful write, the stateless write, the bulk path, each failing at BEGIN
                for (Runnable write : new Runnable[] {
                        () -> repo.updatePost(post, p -> p.setTitle("Changed")),
                        () -> repo.createPost(alice, "Second", "Body", true),
                        () -> repo.createUsers(java.util.List.of(new NewUser("bob", "bob@example.com")))}) {
                    assertThatThrownBy(write::run).isInstanceOf(BlogException.class)
                            .hasMessageContaining("busy timeout");
                }
                // readers do not wait for writers
                assertThat(repo.findPost(post).orElseThrow().getTitle()).isEqualTo("First");
                statement.execute("COMMIT");
            }

            assertThat(repo.updatePost(post, p -> p.setTitle("Changed"))).isPresent();
            assertThat(repo.createPost(alice, "Second", "Body", true).getId()).isEqualTo(post + 1);
            assertThat(repo.postsByAuthor(alice)).extracting(p -> p.getTitle()).containsExactly("Second", "Changed");
            assertThat(repo.findUserByUsername("bob")).isEmpty();
        }
    }
}
