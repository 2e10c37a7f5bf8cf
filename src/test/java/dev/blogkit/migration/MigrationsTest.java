package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.EachDatabase;
import dev.blogkit.TestDatabase;
import dev.blogkit.TestTarget;
import dev.blogkit.internal.versions.MigrationLock;
import dev.blogkit.internal.versions.SqlStatements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link Migrations} on each database: upgrades, undo, validation, dry runs, the migration lock; and what only an
 * SQLite file has: the copy saved before an undo, a file that is not a database.
 */
class MigrationsTest {

    @TempDir
    Path dir;

    private List<Path> backups() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains("before-undo")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Once on a fresh SQLite file, once in a fresh PostgreSQL schema (skipped, and says so, without the server). */
    @Nested
    class OnBothDatabases extends EachDatabase {

        Migrations migrations;

        @BeforeEach
        void setUp() {
            migrations = Migrations.on(target.url());
        }

        @Test
        void migrateAppliesEveryPendingVersionInOrderAndReportsThem() {
            MigrationReport report = migrations.migrate();

            assertThat(report.scripts()).containsExactly("V1__create_users_and_posts.sql", "V2__add_user_bio.sql",
                    "V3__add_blogkit_settings.sql", "V4__add_slugs_publication_and_versions.sql", "V5__add_tags.sql", "V6__add_post_search.sql", "V7__add_user_lookup_keys.sql", "V8__add_slug_suffixes_and_bound_search.sql", "V9__fold_user_lookup_keys.sql", "V10__analyse_search_text_in_java.sql");
            assertThat(report.fromVersion()).isEmpty();
            assertThat(report.toVersion()).contains("10");
            assertThat(report.dryRun()).isFalse();
            assertThat(report.summary()).contains("migrated the empty schema to version 10");
            assertThat(migrations.currentVersion()).contains("10");
            assertThat(migrations.history()).extracting(VersionInfo::version, VersionInfo::state, VersionInfo::undoable)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("1", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("2", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("3", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("4", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("5", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("6", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("7", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("8", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("9", VersionInfo.State.APPLIED, true),
                            org.assertj.core.groups.Tuple.tuple("10", VersionInfo.State.APPLIED, true));
            assertThat(migrations.history()).allSatisfy(v -> assertThat(v.appliedAt()).isPresent());
            assertThat(migrations.migrate().scripts()).isEmpty();
        }

        @Test
        void migrateToATargetStopsThereAndTheRestStaysPending() {
            MigrationReport report = migrations.migrate("1");

            assertThat(report.scripts()).containsExactly("V1__create_users_and_posts.sql");
            assertThat(migrations.currentVersion()).contains("1");
            assertThat(migrations.history()).extracting(VersionInfo::state)
                    .containsExactly(VersionInfo.State.APPLIED, VersionInfo.State.PENDING, VersionInfo.State.PENDING,
                            VersionInfo.State.PENDING, VersionInfo.State.PENDING, VersionInfo.State.PENDING,
                            VersionInfo.State.PENDING, VersionInfo.State.PENDING, VersionInfo.State.PENDING,
                            VersionInfo.State.PENDING);
            assertThat(migrations.history().get(1).appliedAt()).isEmpty();

            assertThat(migrations.migrate().scripts()).containsExactly("V2__add_user_bio.sql", "V3__add_blogkit_settings.sql",
                    "V4__add_slugs_publication_and_versions.sql", "V5__add_tags.sql", "V6__add_post_search.sql", "V7__add_user_lookup_keys.sql", "V8__add_slug_suffixes_and_bound_search.sql", "V9__fold_user_lookup_keys.sql", "V10__analyse_search_text_in_java.sql");
        }

        @Test
        void migrateRefusesAnUnknownVersionOrOneBelowTheCurrentOne() {
            assertThatThrownBy(() -> migrations.migrate("11"))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("unknown version '11'")
                    .hasMessageContaining("1, 2, 3, 4, 5, 6, 7");
            assertThatThrownBy(() -> migrations.migrate("two")).isInstanceOf(MigrationException.class);
            assertThat(target.isUntouched()).as("nothing created").isTrue();

            migrations.migrate();
            assertThatThrownBy(() -> migrations.migrate("1"))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("use undo");
            assertThat(migrations.currentVersion()).contains("10");
        }

        @Test
        void lookingAtAnEmptyDatabaseCreatesNothing() {
            assertThat(migrations.currentVersion()).isEmpty();
            assertThat(migrations.history()).extracting(VersionInfo::state)
                    .containsExactly(VersionInfo.State.PENDING, VersionInfo.State.PENDING, VersionInfo.State.PENDING,
                            VersionInfo.State.PENDING, VersionInfo.State.PENDING, VersionInfo.State.PENDING,
                            VersionInfo.State.PENDING, VersionInfo.State.PENDING, VersionInfo.State.PENDING,
                            VersionInfo.State.PENDING);
            assertThat(migrations.validate().problems()).hasSize(10).allSatisfy(p -> assertThat(p).contains("pending"));
            assertThat(target.isUntouched()).as("no file, no table").isTrue();
        }

        @Test
        void undoOfV2DropsBioAndKeepsUsers() {
            migrations.migrate("2");
            target.execute("INSERT INTO users (username, email, bio, created_at) VALUES ('alice', 'a@example.com', 'likes SQL', "
                    + target.timestamp(Instant.ofEpochMilli(1)) + ")");

            MigrationReport report = migrations.undo();

            assertThat(report.scripts()).containsExactly("U2__add_user_bio.sql");
            assertThat(report.fromVersion()).contains("2");
            assertThat(report.toVersion()).contains("1");
            assertThat(migrations.currentVersion()).contains("1");
            assertThat(target.rows("SELECT * FROM users")).singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("username", "alice").doesNotContainKey("bio"));
            assertThat(report.backupFile().isPresent()).as("a copy of a file, none of a server database")
                    .isEqualTo(kind == TestTarget.Kind.SQLITE);
            assertThatThrownBy(() -> Blog.open(BlogConfig.builder(target.url()).migrateOnOpen(false).build()))
                    .isInstanceOf(BlogException.class).hasMessageContaining("V2 (add user bio)");
        }

        @Test
        void undoStepsAndUndoToGoBackSeveralVersions() {
            migrations.migrate();
            assertThat(migrations.undo(10).scripts())
                    .containsExactly("U10__analyse_search_text_in_java.sql", "U9__fold_user_lookup_keys.sql", "U8__add_slug_suffixes_and_bound_search.sql", "U7__add_user_lookup_keys.sql", "U6__add_post_search.sql", "U5__add_tags.sql", "U4__add_slugs_publication_and_versions.sql",
                            "U3__add_blogkit_settings.sql", "U2__add_user_bio.sql", "U1__create_users_and_posts.sql");
            assertThat(migrations.currentVersion()).isEmpty();
            assertThat(target.tables()).doesNotContain("users", "posts", "blogkit_settings", "tags", "post_slugs");

            migrations.migrate();
            assertThat(migrations.undoTo("1").toVersion()).contains("1");
            assertThat(migrations.undoTo("1").scripts()).isEmpty();
            assertThat(migrations.undoTo(Migrations.EMPTY).scripts()).containsExactly("U1__create_users_and_posts.sql");
            assertThat(migrations.currentVersion()).isEmpty();
        }

        @Test
        void undoRefusesMoreStepsThanAppliedAnUnknownVersionAndAVersionAboveTheCurrentOne() {
            migrations.migrate("1");
            var schema = target.schema();

            assertThatThrownBy(() -> migrations.undo(2)).isInstanceOf(MigrationException.class).hasMessageContaining("1 applied");
            assertThatThrownBy(() -> migrations.undo(0)).isInstanceOf(MigrationException.class);
            assertThatThrownBy(() -> migrations.undoTo("11")).isInstanceOf(MigrationException.class).hasMessageContaining("unknown version");
            assertThatThrownBy(() -> migrations.undoTo("2")).isInstanceOf(MigrationException.class).hasMessageContaining("use migrate");
            assertThat(target.schema()).isEqualTo(schema);
            assertThat(migrations.currentVersion()).contains("1");
            assertThat(backups()).isEmpty();
        }

        @Test
        void aVersionWithoutAnUndoScriptCannotBeUndoneAndNothingChanges() {
            Migrations withNotes = MigrationTesting.withTestVersions(target, "noundo");
            withNotes.migrate();
            var schema = target.schema();

            assertThatThrownBy(withNotes::undo)
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("V90 (add notes)")
                    .hasMessageContaining("U90__add_notes.sql");
            assertThatThrownBy(() -> withNotes.undo(2)).isInstanceOf(MigrationException.class);
            assertThat(target.schema()).isEqualTo(schema);
            assertThat(withNotes.currentVersion()).contains("90");
            assertThat(backups()).isEmpty();
            assertThat(withNotes.validate().problems()).anySatisfy(p -> assertThat(p).contains("V90 (add notes) has no undo script"));
        }

        @Test
        void aFailedMigrationLeavesSchemaAndDataAsTheyWereAndNamesTheScriptAndTheError() {
            Migrations broken = MigrationTesting.withTestVersions(target, "broken");
            broken.migrate("10");
            target.execute("INSERT INTO users (username, email, created_at, updated_at) VALUES ('alice', 'a@example.com', "
                    + target.timestamp(Instant.ofEpochMilli(1)) + ", " + target.timestamp(Instant.ofEpochMilli(1)) + ")");
            var schema = target.schema();
            var rows = target.snapshot();
            var history = target.rows("SELECT * FROM blogkit_schema_history ORDER BY installed_rank");

            assertThatThrownBy(broken::migrate)
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("V90__broken_script.sql")
                    .hasMessageContaining(noSuchTableMessage())
                    .hasMessageContaining("stays at version 10");
            assertThat(target.schema()).isEqualTo(schema);
            assertThat(target.tables()).doesNotContain("labels");
            assertThat(target.snapshot()).isEqualTo(rows);
            assertThat(target.rows("SELECT * FROM blogkit_schema_history ORDER BY installed_rank")).isEqualTo(history);
            assertThat(broken.currentVersion()).contains("10");
        }

        @Test
        void aFailedUndoLeavesTheDatabaseAtItsVersion() {
            Migrations badUndo = MigrationTesting.withTestVersions(target, "badundo");
            badUndo.migrate();
            var schema = target.schema();

            assertThatThrownBy(badUndo::undo)
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("U90__add_labels.sql")
                    .hasMessageContaining(noSuchTableMessage())
                    .hasMessageContaining("stays at version 90");
            assertThat(target.schema()).isEqualTo(schema);
            assertThat(target.count("SELECT count(*) FROM labels")).isEqualTo(1);
            assertThat(badUndo.currentVersion()).contains("90");
        }

        @Test
        void aChangedAppliedScriptIsReportedByValidateAndRefusedByOpenAndUndo() {
            migrations.migrate();
            target.execute("UPDATE blogkit_schema_history SET checksum = checksum + 1 WHERE version = '1'");

            assertThat(migrations.validate().valid()).isFalse();
            assertThat(migrations.validate().problems()).singleElement().asString()
                    .contains("V1 (create users and posts)").containsIgnoringCase("checksum");
            assertThatThrownBy(() -> Blog.open(target.url()))
                    .isInstanceOf(MigrationException.class).hasMessageContainingAll("checksum", "1");
            assertThatThrownBy(() -> Blog.open(BlogConfig.builder(target.url()).migrateOnOpen(false).build()))
                    .isInstanceOf(MigrationException.class).hasMessageContaining("checksum");
            assertThatThrownBy(migrations::undo).isInstanceOf(MigrationException.class).hasMessageContaining("checksum");
            assertThat(migrations.currentVersion()).contains("10");
        }

        @Test
        void validateOfAMigratedDatabaseFindsNothingTheEntitiesMatchTheSchema() {
            migrations.migrate();

            assertThat(migrations.validate().problems()).allSatisfy(p -> assertThat(p).contains("churn_index"));
        }

        @Test
        void validateReportsPendingVersionsAndEntitiesThatDoNotMatchTheSchema() {
            migrations.migrate("2");
            assertThat(migrations.validate().problems()).containsExactly("V3 (add blogkit settings) is pending: run migrate",
                    "V4 (add slugs publication and versions) is pending: run migrate",
                    "V5 (add tags) is pending: run migrate", "V6 (add post search) is pending: run migrate",
                    "V7 (add user lookup keys) is pending: run migrate",
                    "V8 (add slug suffixes and bound search) is pending: run migrate",
                    "V9 (fold user lookup keys) is pending: run migrate",
                    "V10 (analyse search text in java) is pending: run migrate");

            migrations.migrate();
            target.execute("ALTER TABLE users DROP COLUMN bio");
            assertThat(migrations.validate().problems()).hasSize(2)
                    .anySatisfy(problem -> assertThat(problem).contains("entities do not match").contains("bio"))
                    .contains("the entities and the database differ: + column users.bio TEXT");
        }

        @Test
        void anApplicationsOwnFlywayMigrationsLiveBesideBlogKits() {
            Flyway application = Flyway.configure()
                    .dataSource(target.url(), null, null)
                    .locations("classpath:db/test/app/migration/" + BlogConfig.builder(target.url()).build().kind().folder())
                    .load();
            application.migrate();

            assertThatThrownBy(migrations::migrate).as("adopting a database is explicit")
                    .isInstanceOf(MigrationException.class).hasMessageContaining("app_settings").hasMessageContaining("stamp");
            assertThat(migrations.stamp(Migrations.EMPTY).summary()).isEqualTo("stamped the database at the empty schema");
            migrations.migrate();
            try (Blog blog = Blog.open(target.url())) {
                blog.repository().createUser("alice", "alice@example.com");
            }

            assertThat(application.info().current().getVersion().getVersion()).isEqualTo("1");
            assertThat(application.migrate().migrationsExecuted).isZero();
            assertThat(target.rows("SELECT value FROM app_settings")).extracting(r -> r.get("value")).containsExactly("dark");
            assertThat(target.rows("SELECT version FROM flyway_schema_history")).extracting(r -> r.get("version"))
                    .containsExactly("1");
            assertThat(migrations.currentVersion()).contains("10");
            assertThat(migrations.undo().scripts()).containsExactly("U10__analyse_search_text_in_java.sql");
            assertThat(application.validateWithResult().validationSuccessful).isTrue();
        }

        @Test
        void dryRunMigratePrintsTheSqlInOrderAndChangesNothing() {
            MigrationReport onEmptyDatabase = migrations.dryRun().migrate();
            assertThat(target.isUntouched()).as("nothing created").isTrue();
            assertThat(onEmptyDatabase.dryRun()).isTrue();
            assertThat(onEmptyDatabase.sql()).contains("CREATE TABLE users", "ALTER TABLE users ADD COLUMN bio");
            assertThat(onEmptyDatabase.sql().indexOf("CREATE TABLE users")).isLessThan(onEmptyDatabase.sql().indexOf("ADD COLUMN bio"));

            migrations.migrate("1");
            MigrationReport report = migrations.dryRun().migrate();
            assertThat(report.scripts()).containsExactly("V2__add_user_bio.sql", "V3__add_blogkit_settings.sql", "V4__add_slugs_publication_and_versions.sql", "V5__add_tags.sql", "V6__add_post_search.sql", "V7__add_user_lookup_keys.sql", "V8__add_slug_suffixes_and_bound_search.sql", "V9__fold_user_lookup_keys.sql", "V10__analyse_search_text_in_java.sql");
            assertThat(report.sql()).contains("ALTER TABLE users ADD COLUMN bio").doesNotContain("CREATE TABLE users");
            assertThat(report.summary()).startsWith("would migrate version 1 to version 10");
            assertThat(migrations.currentVersion()).contains("1");
        }

        @Test
        void theSqlADryRunUndoPrintsIsWhatTheUndoRuns() {
            migrations.migrate("1");
            var atVersion1 = target.schema();
            migrations.migrate();

            String printed = migrations.dryRun().undoTo("1").sql();
            // run by hand, statement by statement, outside BlogKit: it undoes what the undo undoes
            target.execute(SqlStatements.split(printed).toArray(String[]::new));

            assertThat(target.schema()).isEqualTo(atVersion1);
            assertThat(migrations.currentVersion()).contains("1");
            assertThat(migrations.history()).filteredOn(v -> v.state() == VersionInfo.State.PENDING)
                    .extracting(VersionInfo::version).containsExactly("2", "3", "4", "5", "6", "7", "8", "9", "10");
        }

        @Test
        void dryRunUndoPrintsTheSqlAndChangesNothing() {
            migrations.migrate();
            var schema = target.schema();

            MigrationReport report = migrations.dryRun().undo(10);

            assertThat(report.sql()).contains(
                    kind == TestTarget.Kind.SQLITE ? "BEGIN IMMEDIATE;" : "BEGIN;",
                    "-- BlogKit computes every user's lookup keys of version 8 (in Java)",
                    "DROP TABLE post_tags;",
                    "DROP TABLE post_slugs;",
                    "DROP TABLE blogkit_settings;",
                    "ALTER TABLE users DROP COLUMN bio;",
                    "DELETE FROM blogkit_schema_history WHERE version = '2';",
                    "DROP TABLE users;",
                    "DELETE FROM blogkit_schema_history WHERE version = '1';");
            assertThat(report.sql().indexOf("DROP COLUMN bio")).isLessThan(report.sql().indexOf("DROP TABLE users"));
            assertThat(report.backupFile().isPresent()).as("a copy of a file, none of a server database")
                    .isEqualTo(kind == TestTarget.Kind.SQLITE);
            assertThat(target.schema()).isEqualTo(schema);
            assertThat(migrations.currentVersion()).contains("10");
            assertThat(backups()).isEmpty();
        }

        /** The file lock on SQLite, BlogKit's advisory lock on PostgreSQL. */
        @Test
        void anUndoWaitsForTheLockAnotherMigratorHolds() throws Exception {
            migrations.migrate();

            CompletableFuture<MigrationReport> undo;
            try (MigrationLock held = holdTheLock()) {
                undo = CompletableFuture.supplyAsync(migrations::undo);
                Thread.sleep(500);
                assertThat(undo).as("the undo waits while another migrator holds the lock").isNotDone();
                assertThat(migrations.currentVersion()).contains("10");
            }

            assertThat(undo.get(1, TimeUnit.MINUTES).toVersion()).contains("9");
        }

        /**
         * The lock is the database's own (on PostgreSQL, the schema's): blogs in other files, or in other schemas of
         * one server database, do not wait for each other.
         */
        @Test
        void anotherDatabasesLockDoesNotHoldUpAnUndo() throws Exception {
            migrations.migrate();
            java.nio.file.Files.createDirectories(dir.resolve("other"));
            try (TestTarget other = TestTarget.create(kind, dir.resolve("other"));
                 MigrationLock held = holdTheLock(other)) {
                assertThat(CompletableFuture.supplyAsync(migrations::undo).get(1, TimeUnit.MINUTES).toVersion())
                        .contains("9");
            }
        }

        /**
         * Another session keeps creating and dropping an index while the schema is read, as another process's
         * migration does: every read sees a whole schema, with the index or without it (on PostgreSQL the
         * catalog functions see a dropped index before the read's snapshot does; that read is made again).
         */
        @Test
        void aSchemaReadWhileAnotherSessionChangesTheSchemaSeesAWholeSchema() throws Exception {
            migrations.migrate();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<Integer> changer = CompletableFuture.supplyAsync(() -> {
                int rounds = 0;
                while (!stop.get()) {
                    target.execute("CREATE INDEX churn_index ON posts (title)", "DROP INDEX churn_index");
                    rounds++;
                }
                return rounds;
            });
            try {
                for (int i = 0; i < 25; i++) {
                    assertThat(migrations.check().differences()).allSatisfy(d -> assertThat(d).contains("churn_index"));
                    assertThat(migrations.validate().problems()).allSatisfy(p -> assertThat(p).contains("churn_index"));
                }
            } finally {
                stop.set(true);
            }
            assertThat(changer.get(1, TimeUnit.MINUTES)).as("the schema changed meanwhile").isPositive();
        }

        private MigrationLock holdTheLock() {
            return holdTheLock(target);
        }

        private MigrationLock holdTheLock(TestTarget target) {
            if (target.file().isPresent()) {
                return MigrationLock.acquire(target.file().get(), Duration.ofMinutes(1));
            }
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(target.url());
            return MigrationLock.acquire(dataSource, Duration.ofMinutes(1));
        }

        private String noSuchTableMessage() {
            return kind == TestTarget.Kind.SQLITE ? "no such table: no_such_table" : "\"no_such_table\" does not exist";
        }
    }

    /** What only a database file has: the copy undo saves beside it, and files that are not SQLite databases. */
    @Nested
    class OnSqliteFilesOnly {

        Path file;
        Migrations migrations;

        @BeforeEach
        void setUp() {
            file = dir.resolve("blog.db");
            migrations = Migrations.on(TestDatabase.url(file));
        }

        @Test
        void undoSavesACopyOfTheFileBesideItWithWhatTheUndoDrops() {
            migrations.migrate("2");
            TestDatabase.execute(file, "INSERT INTO users (username, email, bio, created_at) VALUES ('alice', 'a@example.com', 'likes SQL', 1)");

            MigrationReport report = migrations.undo();

            Path backup = report.backupFile().orElseThrow();
            assertThat(backup.getParent()).isEqualTo(file.getParent());
            assertThat(backup.getFileName().toString()).startsWith("blog.before-undo-V2-").endsWith(".db");
            assertThat(TestDatabase.rows(backup, "SELECT bio FROM users")).extracting(r -> r.get("bio")).containsExactly("likes SQL");
            assertThat(backups()).containsExactly(backup);
        }

        @Test
        void aFileThatIsNotAnSqliteDatabaseIsRefusedUntouched() throws Exception {
            Files.writeString(file, "not a database");

            assertThatThrownBy(migrations::migrate).isInstanceOf(BlogException.class).hasMessageContaining("not an SQLite database");
            assertThatThrownBy(migrations::history).isInstanceOf(BlogException.class);
            assertThat(Files.readString(file)).isEqualTo("not a database");
        }
    }
}
