package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;

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

/** On PostgreSQL, a migrate and an undo never overlap: both hold BlogKit's advisory lock. */
class PostgresqlMigrationLockTest {

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
}
