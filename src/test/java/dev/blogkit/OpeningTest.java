package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.migration.Migrations;
import dev.blogkit.model.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Opening a blog: URLs, migrations on open, files that are not databases, connection settings. */
class OpeningTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "blog.db", "jdbc:mysql://localhost/blog", "jdbc:sqlite::memory:", "jdbc:sqlite:",
            "jdbc:sqlite:file:memdb?mode=memory&cache=shared"})
    void unsupportedUrlsAreInvalidInput(String url) {
        assertThatThrownBy(() -> Blog.open(url))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("jdbcUrl"));
    }

    @Test
    void nullUrlOrConfigIsInvalidInput() {
        assertThatThrownBy(() -> Blog.open((String) null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Blog.open((BlogConfig) null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void configRejectsBadSettings() {
        BlogConfig.Builder builder = BlogConfig.builder("jdbc:sqlite:blog.db");

        assertThatThrownBy(() -> builder.poolSize(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.busyTimeout(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.busyTimeout(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(InvalidInputException.class);
        assertThat(builder.build().migrateOnOpen()).isTrue();
        assertThat(builder.build().poolSize()).isEqualTo(BlogConfig.DEFAULT_POOL_SIZE);
    }

    /** Once on a fresh SQLite file, once in a fresh PostgreSQL schema (skipped, and says so, without the server). */
    @Nested
    class OnBothDatabases extends EachDatabase {

        /** All sets or none: BlogKit's versions go with the application's that failed, and so does a new file. */
        @Test
        void anOpenWhoseApplicationMigrationFailsLeavesNothingBehind() throws Exception {
            Path scripts = dir.resolve("broken");
            Path folder = Files.createDirectories(scripts.resolve("migration").resolve(kind == TestTarget.Kind.SQLITE
                    ? "sqlite" : "postgresql"));
            Files.writeString(folder.resolve("V1__broken.sql"), "CREATE TABLE broken (;");
            BlogConfig config = BlogConfig.builder(target.url()).migrations("filesystem:" + scripts, "broken_history").build();

            assertThatThrownBy(() -> Blog.open(config)).isInstanceOf(dev.blogkit.migration.MigrationException.class)
                    .hasMessageContaining("V1__broken.sql");

            assertThat(target.isUntouched()).as("no file, no table").isTrue();
            if (kind == TestTarget.Kind.SQLITE) {
                try (var files = Files.list(dir)) {
                    assertThat(files.map(f -> f.getFileName().toString())).containsExactly("broken");
                }
            }
        }

        @Test
        void openingAnEmptyDatabaseMigratesItToTheNewestVersion() {
            try (Blog blog = Blog.open(target.url())) {
                blog.repository().createUser("alice", "alice@example.com");
            }

            assertThat(target.rows("SELECT version FROM blogkit_schema_history WHERE success AND version <> '0' ORDER BY installed_rank"))
                    .extracting(r -> r.get("version")).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            assertThat(target.columns("users")).contains("bio");
            assertThat(target.tables()).doesNotContain("flyway_schema_history");
        }

        @Test
        void openingAnOlderDatabaseRunsOnlyWhatIsPendingAndKeepsItsRows() {
            migrateTo("1");
            insertOldUser();

            try (Blog blog = Blog.open(target.url())) {
                User old = blog.repository().findUserByUsername("old").orElseThrow();
                assertThat(old.getEmail()).isEqualTo("old@example.com");
                assertThat(old.getBio()).isNull();
                blog.repository().updateUser(old.getId(), u -> u.setBio("now with a bio"));
            }
            assertThat(target.rows("SELECT bio FROM users")).extracting(r -> r.get("bio")).containsExactly("now with a bio");
        }

        @Test
        void openingWithoutMigrateOnOpenRefusesPendingVersionsAndChangesNothing() {
            migrateTo("1");
            insertOldUser();
            var schemaBefore = target.schema();
            var historyBefore = target.rows("SELECT * FROM blogkit_schema_history ORDER BY installed_rank");
            var rowsBefore = target.rows("SELECT * FROM users");

            assertThatThrownBy(() -> Blog.open(BlogConfig.builder(target.url()).migrateOnOpen(false).build()))
                    .isInstanceOf(BlogException.class)
                    .hasMessageContaining("V2 (add user bio)")
                    .hasMessageContaining("V3 (add blogkit settings)")
                    .hasMessageNotContaining("V1 ");
            assertThat(target.schema()).isEqualTo(schemaBefore);
            assertThat(target.rows("SELECT * FROM blogkit_schema_history ORDER BY installed_rank")).isEqualTo(historyBefore);
            assertThat(target.rows("SELECT * FROM users")).isEqualTo(rowsBefore);
        }

        @Test
        void openingWithoutMigrateOnOpenWorksOnAnUpToDateDatabase() {
            Blog.open(target.url()).close();

            try (Blog blog = Blog.open(BlogConfig.builder(target.url()).migrateOnOpen(false).build())) {
                assertThat(blog.repository().countPublishedPosts()).isZero();
            }
        }

        @Test
        void hibernateValidatesTheMappingAndNeverAltersTheSchema() {
            Blog.open(target.url()).close();
            target.execute("ALTER TABLE users DROP COLUMN bio");

            assertThatThrownBy(() -> Blog.open(target.url()))
                    .isInstanceOf(BlogException.class)
                    .hasMessageContaining("bio");
            assertThat(target.columns("users")).containsExactly("id", "username", "email", "created_at", "updated_at", "version",
                    "username_key", "email_key");
        }

        @Test
        void closeIsIdempotentAndTheRepositoryRefusesCallsAfterIt() {
            Blog blog = Blog.open(target.url());
            BlogRepository repo = blog.repository();
            blog.close();
            blog.close();

            assertThatThrownBy(() -> repo.findUser(1)).isInstanceOf(BlogException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> repo.createUser("alice", "alice@example.com")).isInstanceOf(BlogException.class);
        }

        private void migrateTo(String version) {
            Migrations.on(target.url()).migrate(version);
        }

        private void insertOldUser() {
            target.execute("INSERT INTO users (username, email, created_at) VALUES ('old', 'old@example.com', "
                    + target.timestamp(Instant.ofEpochMilli(1700000000000L)) + ")");
        }
    }

    /** What only an SQLite file has: a file that may hold something else, and the pragmas of its connections. */
    @Nested
    class OnSqliteFilesOnly {

        @Test
        void aFileThatIsNotAnSqliteDatabaseIsRefusedAndLeftByteForByte() throws Exception {
            Path file = dir.resolve("notes.db");
            byte[] content = "These are my notes, not a database.\n".repeat(100).getBytes(StandardCharsets.UTF_8);
            Files.write(file, content);

            assertThatThrownBy(() -> Blog.open(TestDatabase.url(file)))
                    .isInstanceOf(BlogException.class)
                    .hasMessageContaining("not an SQLite database");
            assertThat(Files.readAllBytes(file)).isEqualTo(content);
            try (var files = Files.list(dir)) {
                assertThat(files).containsExactly(file);
            }
        }

        @Test
        void aShortFileThatIsNotAnSqliteDatabaseIsRefusedToo() throws Exception {
            Path file = dir.resolve("tiny.db");
            Files.write(file, new byte[] {1, 2, 3});

            assertThatThrownBy(() -> Blog.open(TestDatabase.url(file))).isInstanceOf(BlogException.class);
            assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        }

        @Test
        void aDirectoryOrAMissingFolderIsABlogException() {
            assertThatThrownBy(() -> Blog.open(TestDatabase.url(dir))).isInstanceOf(BlogException.class)
                    .hasMessageContaining("directory");
            assertThatThrownBy(() -> Blog.open(TestDatabase.url(dir.resolve("missing/blog.db"))))
                    .isInstanceOf(BlogException.class)
                    .hasMessageContaining("missing");
        }

        @Test
        void urlSettingsCannotTurnOffForeignKeysOrShortenTheBusyTimeout() throws SQLException {
            try (Blog blog = Blog.open(TestDatabase.url(dir.resolve("blog.db")) + "?foreign_keys=false&busy_timeout=1");
                 Connection connection = blog.dataSource().getConnection()) {
                assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(connection, "busy_timeout")).isEqualTo(String.valueOf(BlogConfig.DEFAULT_BUSY_TIMEOUT.toMillis()));
            }
        }

        @Test
        void everyPooledConnectionHasForeignKeysWalSynchronousNormalAndTheBusyTimeout() throws SQLException {
            BlogConfig config = BlogConfig.builder(TestDatabase.url(dir.resolve("blog.db")))
                    .poolSize(4).busyTimeout(Duration.ofMillis(4321)).build();
            try (Blog blog = Blog.open(config)) {
                DataSource pool = blog.dataSource();
                List<Connection> connections = new ArrayList<>();
                try {
                    for (int i = 0; i < 4; i++) {
                        connections.add(pool.getConnection());
                    }
                    for (Connection connection : connections) {
                        assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
                        assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
                        assertThat(pragma(connection, "synchronous")).isEqualTo("1");
                        assertThat(pragma(connection, "busy_timeout")).isEqualTo("4321");
                    }
                } finally {
                    for (Connection connection : connections) {
                        connection.close();
                    }
                }
            }
        }

        private static String pragma(Connection connection, String name) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
