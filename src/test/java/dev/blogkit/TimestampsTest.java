package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** created_at: set by BlogKit from its clock, UTC, stored in one form only. */
class TimestampsTest {

    @TempDir
    Path dir;

    @Test
    void createdAtComesFromTheConfiguredClockTruncatedToMilliseconds() {
        Instant now = Instant.parse("2024-03-10T08:15:30.123456789Z");
        try (Blog blog = open(Clock.fixed(now, ZoneId.of("Europe/Paris")))) {
            User alice = blog.repository().createUser("alice", "alice@example.com");
            Post post = blog.repository().createPost(alice.getId(), "title", "body", true);

            Instant expected = Instant.parse("2024-03-10T08:15:30.123Z");
            assertThat(alice.getCreatedAt()).isEqualTo(expected);
            assertThat(post.getCreatedAt()).isEqualTo(expected);
            assertThat(blog.repository().findPost(post.getId()).orElseThrow().getCreatedAt()).isEqualTo(expected);
            assertThat(blog.repository().findUser(alice.getId()).orElseThrow().getCreatedAt()).isEqualTo(expected);
        }
    }

    @Test
    void createdAtIsStoredAsIntegerMillisecondsSinceTheEpochUtc() {
        Instant now = Instant.parse("2024-01-01T00:00:00.250Z");
        try (Blog blog = open(Clock.fixed(now, ZoneId.of("America/New_York")))) {
            User alice = blog.repository().createUser("alice", "alice@example.com");
            blog.repository().createPost(alice.getId(), "title", "body", true);
        }

        Path file = dir.resolve("blog.db");
        assertThat(TestDatabase.rows(file, "SELECT typeof(created_at) AS t, created_at FROM users UNION ALL "
                + "SELECT typeof(created_at), created_at FROM posts"))
                .allSatisfy(row -> {
                    assertThat(row.get("t")).isEqualTo("integer");
                    assertThat(((Number) row.get("created_at")).longValue()).isEqualTo(now.toEpochMilli());
                });
    }

    @Test
    void theSchemaRefusesTimestampsInAnyOtherForm() {
        try (Blog blog = open(Clock.systemUTC())) {
            blog.repository().createUser("alice", "alice@example.com");
        }

        assertThatThrownBy(() -> TestDatabase.execute(dir.resolve("blog.db"),
                "INSERT INTO users (username, email, created_at) VALUES ('bob', 'bob@example.com', CURRENT_TIMESTAMP)"))
                .hasRootCauseMessage("[SQLITE_CONSTRAINT_CHECK] A CHECK constraint failed (CHECK constraint failed: typeof(created_at) = 'integer')");
    }

    @Test
    void updatesNeverChangeCreatedAt() {
        try (Blog blog = open(new TestDatabase.SteppingClock(Instant.parse("2024-01-01T00:00:00Z"), java.time.Duration.ofHours(1)))) {
            User alice = blog.repository().createUser("alice", "alice@example.com");
            Post post = blog.repository().createPost(alice.getId(), "title", "body", false);

            blog.repository().updatePost(post.getId(), p -> p.setPublished(true));
            blog.repository().updateUser(alice.getId(), u -> u.setBio("bio"));

            assertThat(blog.repository().findPost(post.getId()).orElseThrow().getCreatedAt()).isEqualTo(post.getCreatedAt());
            assertThat(blog.repository().findUser(alice.getId()).orElseThrow().getCreatedAt()).isEqualTo(alice.getCreatedAt());
        }
    }

    private Blog open(Clock clock) {
        return Blog.open(BlogConfig.builder(TestDatabase.url(dir.resolve("blog.db"))).clock(clock).build());
    }
}
