package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.TestTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Migrations both ways on a real PostgreSQL server, in a schema of its own (the repository's test classes run
 * on PostgreSQL too, through {@link TestTarget}); a migrate and an undo never overlap. Skipped, and says so, without {@code BLOGKIT_TEST_POSTGRES_URL}.
 */
class PostgresqlMigrationsTest {

    @TempDir
    Path dir;
    TestTarget target;

    @BeforeEach
    void createSchema() {
        target = TestTarget.create(TestTarget.Kind.POSTGRESQL, dir);
    }

    @AfterEach
    void dropSchema() {
        if (target != null) {
            target.close();
        }
    }

    /** The stairway on PostgreSQL: every shipped version up, down and up again, the schema the same each time. */
    @Test
    void everyShippedVersionGoesUpDownAndUpAgainToTheSameSchemaOnPostgresql() {
        Migrations migrations = Migrations.on(target.url());
        java.util.List<String> versions = migrations.history().stream().map(VersionInfo::version).toList();
        assertThat(versions).containsExactly("1", "2", "3");
        java.util.Map<String, Object> schemas = new java.util.HashMap<>();
        schemas.put(Migrations.EMPTY, schema());
        String previous = Migrations.EMPTY;
        for (String version : versions) {
            migrations.migrate(version);
            Object up = schema();
            assertThat(up).as("schema at V" + version).isNotEqualTo(schemas.get(previous));
            schemas.put(version, up);

            migrations.undo();
            assertThat(schema()).as("schema after undoing V" + version).isEqualTo(schemas.get(previous));

            migrations.migrate(version);
            assertThat(schema()).as("schema at V" + version + " again").isEqualTo(up);
            previous = version;
        }
    }

    /** Columns (type, nullability, default), indexes and constraints of the schema, BlogKit's history left out. */
    private Object schema() {
        return java.util.List.of(
                target.rows("SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity"
                        + " FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND table_name <> 'blogkit_schema_history' ORDER BY table_name, ordinal_position"),
                target.rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                        + " AND tablename <> 'blogkit_schema_history' ORDER BY tablename, indexname"),
                target.rows("SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition"
                        + " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
                        + " AND conrelid::regclass::text <> 'blogkit_schema_history' ORDER BY 1, 2"));
    }

    @Test
    void twoMigratorsAtOnceAreSerializedAndTheSecondFindsNothingToDo() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<MigrationReport>> reports = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                reports.add(threads.submit(() -> {
                    start.await();
                    return Migrations.on(target.url()).migrate();
                }));
            }
            start.countDown();
            java.util.List<Integer> applied = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<MigrationReport> report : reports) {
                applied.add(report.get(2, java.util.concurrent.TimeUnit.MINUTES).scripts().size());
            }

            assertThat(applied).containsExactlyInAnyOrder(3, 0);
            assertThat(target.rows("SELECT version FROM blogkit_schema_history WHERE success ORDER BY installed_rank"))
                    .extracting(row -> row.get("version")).containsExactly("1", "2", "3");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anUndoWaitsForTheLockAnotherMigratorHolds() throws Exception {
        Migrations migrations = Migrations.on(target.url());
        migrations.migrate();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(target.url());

        CompletableFuture<MigrationReport> undo;
        try (MigrationLock held = MigrationLock.acquire(dataSource, Duration.ofMinutes(1))) {
            undo = CompletableFuture.supplyAsync(migrations::undo);
            Thread.sleep(500);
            assertThat(undo).as("the undo waits while another migrator holds the lock").isNotDone();
            assertThat(migrations.currentVersion()).contains("3");
        }

        assertThat(undo.get(1, TimeUnit.MINUTES).toVersion()).contains("2");
    }

    @Test
    void migrationsGoBothWaysOnPostgresql() {
        String url = target.url();
        Migrations migrations = Migrations.on(url);

        assertThat(migrations.migrate().toVersion()).contains("3");
        assertThat(migrations.validate().problems()).isEmpty();
        try (Blog blog = Blog.open(url)) {
            blog.repository().updateUser(blog.repository().createUser("alice", "a@example.com").getId(), u -> u.setBio("bio"));
        }

        MigrationReport dryRun = migrations.dryRun().undo(2);
        assertThat(dryRun.sql()).contains("BEGIN;", "DROP TABLE blogkit_settings;", "ALTER TABLE users DROP COLUMN bio;");
        assertThat(dryRun.backupFile()).isEmpty();
        assertThat(migrations.currentVersion()).contains("3");

        assertThat(migrations.undo(2).toVersion()).contains("1");
        assertThat(target.rows("SELECT * FROM users")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("username", "alice").doesNotContainKey("bio"));
        assertThat(migrations.history()).extracting(VersionInfo::state)
                .containsExactly(VersionInfo.State.APPLIED, VersionInfo.State.PENDING, VersionInfo.State.PENDING);
        assertThatThrownBy(() -> Blog.open(BlogConfig.builder(url).migrateOnOpen(false).build()))
                .isInstanceOf(BlogException.class).hasMessageContaining("V2 (add user bio)");

        try (Blog blog = Blog.open(url)) {
            assertThat(blog.repository().findUserByUsername("alice").orElseThrow().getBio()).isNull();
        }
        assertThat(migrations.undoTo(Migrations.EMPTY).scripts()).hasSize(3);
        assertThat(target.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_name IN ('users', 'posts', 'blogkit_settings')")).isEmpty();
    }
}
