package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * created_at: set by BlogKit from its clock, UTC, stored in one form only: INTEGER milliseconds on SQLite, a
 * timestamptz on PostgreSQL.
 */
class TimestampsTest {

    @TempDir
    Path dir;

    /** Once on a fresh SQLite file, once in a fresh PostgreSQL schema (skipped, and says so, without the server). */
    @Nested
    class OnBothDatabases extends EachDatabase {

        @Test
        void createdAtComesFromTheConfiguredClockTruncatedToMilliseconds() {
            Instant now = Instant.parse("2024-03-10T08:15:30.123456789Z");
            try (Blog blog = open(target, Clock.fixed(now, ZoneId.of("Europe/Paris")))) {
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
        void updatesNeverChangeCreatedAt() {
            try (Blog blog = open(target, new TestDatabase.SteppingClock(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1)))) {
                User alice = blog.repository().createUser("alice", "alice@example.com");
                Post post = blog.repository().createPost(alice.getId(), "title", "body", false);

                blog.repository().updatePost(post.getId(), p -> p.setPublished(true));
                blog.repository().updateUser(alice.getId(), u -> u.setBio("bio"));

                assertThat(blog.repository().findPost(post.getId()).orElseThrow().getCreatedAt()).isEqualTo(post.getCreatedAt());
                assertThat(blog.repository().findUser(alice.getId()).orElseThrow().getCreatedAt()).isEqualTo(alice.getCreatedAt());
            }
        }
    }

    /** SQLite has no timestamp type: BlogKit stores INTEGER milliseconds, and a CHECK refuses anything else. */
    @Nested
    class OnSqliteFilesOnly {

        @Test
        void createdAtIsStoredAsIntegerMillisecondsSinceTheEpochUtc() {
            Instant now = Instant.parse("2024-01-01T00:00:00.250Z");
            TestTarget target = TestTarget.create(TestTarget.Kind.SQLITE, dir);
            try (Blog blog = open(target, Clock.fixed(now, ZoneId.of("America/New_York")))) {
                User alice = blog.repository().createUser("alice", "alice@example.com");
                blog.repository().createPost(alice.getId(), "title", "body", true);
            }

            assertThat(target.rows("SELECT typeof(created_at) AS t, created_at FROM users UNION ALL "
                    + "SELECT typeof(created_at), created_at FROM posts"))
                    .hasSize(2)
                    .allSatisfy(row -> {
                        assertThat(row.get("t")).isEqualTo("integer");
                        assertThat(((Number) row.get("created_at")).longValue()).isEqualTo(now.toEpochMilli());
                    });
        }

        @Test
        void theSchemaRefusesTimestampsInAnyOtherForm() {
            TestTarget target = TestTarget.create(TestTarget.Kind.SQLITE, dir);
            try (Blog blog = open(target, Clock.systemUTC())) {
                blog.repository().createUser("alice", "alice@example.com");
            }

            assertThatThrownBy(() -> target.execute(
                    "INSERT INTO users (username, email, created_at) VALUES ('bob', 'bob@example.com', CURRENT_TIMESTAMP)"))
                    .hasRootCauseMessage("[SQLITE_CONSTRAINT_CHECK] A CHECK constraint failed (CHECK constraint failed: typeof(created_at) = 'integer')");
        }
    }

    /** PostgreSQL's own type: a timestamptz holds the instant, whatever the zone of the clock or the session. */
    @Nested
    class OnPostgresqlOnly {

        @Test
        void createdAtIsStoredAsTimestamptzHoldingTheInstantInUtc() {
            Instant now = Instant.parse("2024-01-01T00:00:00.250Z");
            try (TestTarget target = TestTarget.create(TestTarget.Kind.POSTGRESQL, dir)) {
                try (Blog blog = open(target, Clock.fixed(now, ZoneId.of("America/New_York")))) {
                    User alice = blog.repository().createUser("alice", "alice@example.com");
                    blog.repository().createPost(alice.getId(), "title", "body", true);
                }

                assertThat(target.rows("SELECT table_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND column_name = 'created_at' ORDER BY table_name"))
                        .extracting(row -> row.get("data_type"))
                        .containsExactly("timestamp with time zone", "timestamp with time zone", "timestamp with time zone");
                assertThat(target.rows("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS utc,"
                        + " extract(epoch FROM created_at) * 1000 AS millis FROM users"
                        + " UNION ALL SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'),"
                        + " extract(epoch FROM created_at) * 1000 FROM posts"))
                        .hasSize(2)
                        .allSatisfy(row -> {
                            assertThat(row.get("utc")).isEqualTo("2024-01-01 00:00:00.250");
                            assertThat((BigDecimal) row.get("millis")).isEqualByComparingTo(BigDecimal.valueOf(now.toEpochMilli()));
                        });
            }
        }
    }

    private static Blog open(TestTarget target, Clock clock) {
        return Blog.open(BlogConfig.builder(target.url()).clock(clock).build());
    }
}
