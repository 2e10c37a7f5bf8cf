package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.EachDatabase;
import dev.blogkit.InvalidInputException;
import dev.blogkit.SchemaChangedException;
import dev.blogkit.TestDatabase;
import dev.blogkit.TestTarget;
import dev.blogkit.model.User;
import example.app.Comment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * BlogKit's migration tools in an application's project: they touch only what the sets they are given own, refuse
 * what they cannot do safely, and leave the database exactly as it was when they refuse or only look.
 */
class ApplicationProjectSafetyTest extends EachDatabase {

    private String vendor() {
        return kind == TestTarget.Kind.SQLITE ? "sqlite" : "postgresql";
    }

    /** The application's comments set, as CommentsTest configures it. */
    private BlogConfig withComments() {
        return BlogConfig.builder(target.url()).entities(Comment.class)
                .migrations("classpath:db/comments", "comments_schema_history").build();
    }

    /**
     * What a refusal must leave as it was: on SQLite the database file's bytes and the names of the files beside
     * it; on PostgreSQL the tables, their shape and their rows.
     */
    private Object state() {
        if (kind == TestTarget.Kind.SQLITE) {
            Path file = target.file().orElseThrow();
            try (Stream<Path> files = Files.list(dir)) {
                // a reader of a WAL database leaves an empty -wal file and a -shm index: neither holds data
                List<String> names = files.filter(f -> !f.toString().endsWith("-shm") && !(f.toString().endsWith("-wal")
                        && f.toFile().length() == 0)).map(f -> f.getFileName().toString()).sorted().toList();
                String digest = Files.exists(file) ? HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))) : "absent";
                return List.of(names, digest, Files.exists(file) ? Files.size(file) : -1L);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("tables", target.tables());
        state.put("schema", target.schema());
        for (String table : target.tables()) {
            state.put(table, target.rows("SELECT * FROM " + table));
        }
        return state;
    }

    @Test
    void blogKitsVersionsComeFromItsOwnJarNeverFromADbBlogkitFolderOnTheApplicationsClassPath() throws IOException {
        Path classes = dir.resolve("app-classes");
        Path scripts = Files.createDirectories(classes.resolve("db/blogkit/migration/" + vendor()));
        Files.writeString(scripts.resolve("V6__oops.sql"), "DROP TABLE posts;");
        Path undo = Files.createDirectories(classes.resolve("db/blogkit/undo/" + vendor()));
        Files.writeString(undo.resolve("U6__oops.sql"), "SELECT 1;");
        ClassLoader application = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        BlogConfig config = BlogConfig.builder(target.url()).classLoader(application).build();

        try (Blog blog = Blog.open(config)) {
            blog.repository().createUser("alice", "alice@example.com");
        }

        assertThat(Migrations.on(config).history()).extracting(VersionInfo::version).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(Migrations.on(config).currentVersion()).contains("10");
        assertThat(target.tables()).contains("posts", "users");
        assertThatThrownBy(() -> BlogConfig.builder(target.url()).migrations("classpath:db/blogkit", "mine"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("BlogKit's own");
    }

    @Test
    void checkAndGenerateLeaveAnotherSetsTablesAndEveryHistoryTableAloneAndSaySo() {
        try (Blog blog = Blog.open(withComments())) {
            long author = blog.repository().createUser("alice", "alice@example.com").getId();
            long post = blog.repository().createPost(author, "Hello", "First", true).getId();
            target.execute("INSERT INTO comments (body, created_at, post_id) VALUES ('Nice', "
                    + target.timestamp(java.time.Instant.EPOCH) + ", " + post + ")");
        }
        Migrations blogKitsOnly = Migrations.on(target.url());
        Object before = state();

        SchemaCheck check = blogKitsOnly.check();
        GeneratedMigration generated = blogKitsOnly.generate("oops", dir.resolve("generated"));

        List<String> ignored = List.of(
                "ignored: table comments was created by no migration of blogkit_schema_history (migration sets in this "
                        + "database: blogkit_schema_history, comments_schema_history)",
                "ignored: table comments_schema_history is the history table of migration set comments_schema_history");
        assertThat(check.differences()).isEmpty();
        assertThat(check.ignored()).containsExactlyElementsOf(ignored);
        assertThat(generated.written()).isFalse();
        assertThat(generated.ignored()).containsExactlyElementsOf(ignored);
        assertThat(dir.resolve("generated")).doesNotExist();
        assertThat(state()).isEqualTo(before);
        assertThat(Migrations.ofApplication(withComments()).check().ignored()).as("with the application's set given").isEmpty();
    }

    @Test
    void generateOfAVersionThatDropsATableWritesNothingWithoutConsent() throws IOException {
        Path app = dir.resolve("app");
        BlogConfig.Builder base = BlogConfig.builder(target.url()).migrations("filesystem:" + app, "comments_schema_history")
                .migrationDatabases(target.databaseKind());
        Migrations.on(target.url()).migrate();
        Migrations withEntity = Migrations.ofApplication(base.entities(Comment.class).build());
        withEntity.generate("create comments", app);
        withEntity.migrate();
        Migrations withoutEntity = Migrations.ofApplication(base.entities().build());

        assertThatThrownBy(() -> withoutEntity.generate("drop comments", app)).isInstanceOf(MigrationException.class)
                .hasMessageContaining("- table comments").hasMessageContaining("generate(message, dir, true)")
                .hasMessageContaining("nothing was written");
        try (Stream<Path> files = Files.walk(app)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("V1__create_comments.sql", "U1__create_comments.sql");
        }

        GeneratedMigration dropped = withoutEntity.generate("drop comments", app, true);
        assertThat(Files.readString(dropped.migrationScript().orElseThrow())).contains("DROP TABLE comments");
    }

    @Test
    void aLocationThatHoldsNoScriptIsAnErrorNamingItAndTheDatabaseIsLeftAsItWas() {
        Migrations.on(target.url()).migrate();
        Object before = state();
        String nowhere = "filesystem:" + dir.resolve("nope");
        BlogConfig config = BlogConfig.builder(target.url()).migrations(nowhere, "x_history").build();
        Migrations missing = Migrations.ofApplication(config);

        assertThatThrownBy(missing::migrate).isInstanceOf(MigrationException.class).hasMessageContaining(nowhere)
                .hasMessageContaining("no migration script");
        assertThatThrownBy(missing::history).isInstanceOf(MigrationException.class).hasMessageContaining(nowhere);
        assertThatThrownBy(missing::undo).isInstanceOf(MigrationException.class).hasMessageContaining(nowhere);
        assertThatThrownBy(missing::validate).isInstanceOf(MigrationException.class).hasMessageContaining(nowhere);
        assertThatThrownBy(() -> Blog.open(config)).isInstanceOf(MigrationException.class).hasMessageContaining(nowhere);
        assertThat(state()).isEqualTo(before);
        assertThat(target.tables()).doesNotContain("x_history");
    }

    @Test
    void generateRefusesToWriteBesideAScriptTheDatabaseHasNotApplied() throws IOException {
        Path app = dir.resolve("app");
        Migrations.on(target.url()).migrate();
        Migrations comments = Migrations.ofApplication(BlogConfig.builder(target.url()).entities(Comment.class)
                .migrations("filesystem:" + app, "comments_schema_history").migrationDatabases(target.databaseKind()).build());
        comments.generate("create comments", app);
        Migrations elsewhere = Migrations.ofApplication(BlogConfig.builder(target.url()).entities(Comment.class)
                .migrations("filesystem:" + dir.resolve("elsewhere"), "comments_schema_history")
                .migrationDatabases(target.databaseKind()).build());

        assertThatThrownBy(() -> comments.generate("again", app)).isInstanceOf(MigrationException.class)
                .hasMessageContaining("V1 pending").hasMessageContaining("migrate it first");
        assertThatThrownBy(() -> elsewhere.generate("again", app)).isInstanceOf(MigrationException.class)
                .hasMessageContaining("V1__create_comments.sql").hasMessageContaining("not applied");
        try (Stream<Path> files = Files.walk(app.resolve("migration"))) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
    }

    @Test
    void migrateRefusesADatabaseItDidNotCreateNamesItsTablesAndChangesNothing() {
        target.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
                "INSERT INTO notes (id, text) VALUES (1, 'keep me')");
        Object before = state();

        assertThatThrownBy(() -> Migrations.on(target.url()).migrate()).isInstanceOf(MigrationException.class)
                .hasMessageContaining("notes").hasMessageContaining("stamp").hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> Blog.open(target.url())).isInstanceOf(MigrationException.class)
                .hasMessageContaining("notes");

        assertThat(state()).isEqualTo(before);
        assertThat(target.tables()).containsExactly("notes");
    }

    @Test
    void stampRecordsAnExistingSchemaOnlyAtTheVersionItMatches() {
        Migrations migrations = Migrations.on(target.url());
        migrations.migrate();
        try (Blog blog = Blog.open(target.url())) {
            blog.repository().createUser("alice", "alice@example.com");
        }
        // a database at version 10 that BlogKit's history does not know: made by other means
        target.execute("DROP TABLE blogkit_schema_history");
        Object before = state();

        assertThatThrownBy(() -> migrations.stamp("1")).isInstanceOf(MigrationException.class)
                .hasMessageContaining("users.bio").hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> migrations.stamp("2")).isInstanceOf(MigrationException.class)
                .hasMessageContaining("blogkit_settings exists, but a version after 2 creates it");
        assertThatThrownBy(() -> migrations.stamp("4")).isInstanceOf(MigrationException.class)
                .hasMessageContaining("tags exists, but a version after 4 creates it");
        assertThat(state()).isEqualTo(before);

        assertThatThrownBy(() -> migrations.stamp("7")).isInstanceOf(MigrationException.class)
                .hasMessageContaining("post_slug_suffixes exists, but a version after 7 creates it");
        MigrationReport stamped = migrations.stamp("10");

        assertThat(stamped.summary()).startsWith("stamped the database at version 10: recorded V1__create_users_and_posts.sql");
        assertThat(migrations.currentVersion()).contains("10");
        assertThat(migrations.validate().problems()).isEmpty();
        assertThat(migrations.undo().scripts()).containsExactly("U10__analyse_search_text_in_java.sql");
        assertThat(migrations.migrate().scripts()).containsExactly("V10__analyse_search_text_in_java.sql");
        assertThat(target.count("SELECT count(*) FROM users")).isEqualTo(1);
        assertThatThrownBy(() -> migrations.stamp("10")).isInstanceOf(MigrationException.class)
                .hasMessageContaining("history");
    }

    /**
     * Issue 31, the --history trap: the comments set is recorded in comments_schema_history; configured under
     * another name (the command line's default app_schema_history), every command refuses, names the table that
     * holds the set, and makes no second history.
     */
    @Test
    void aSetGivenUnderAnotherHistoryTableThanTheOneThatRecordsItIsRefusedNamingThatTable() {
        Migrations.on(target.url()).migrate();
        Migrations.ofApplication(withComments()).migrate();
        BlogConfig underAnotherName = BlogConfig.builder(target.url()).entities(Comment.class)
                .migrations("classpath:db/comments", "app_schema_history").build();
        Migrations wrong = Migrations.ofApplication(underAnotherName);
        Object before = state();

        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : List.<org.assertj.core.api.ThrowableAssert
                .ThrowingCallable>of(wrong::migrate, () -> wrong.stamp("1"), wrong::history, wrong::check,
                wrong::validate, () -> wrong.dryRun().migrate(), () -> Blog.open(underAnotherName).close())) {
            assertThatThrownBy(call).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("recorded in the history table comments_schema_history, not in app_schema_history")
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(state()).isEqualTo(before);
        assertThat(target.tables()).doesNotContain("app_schema_history");
        // under its own name, all is well
        assertThat(Migrations.ofApplication(withComments()).validate().problems()).isEmpty();
    }

    @Test
    void infoCheckValidateAndDryRunsOnlyLook() {
        Migrations migrations = Migrations.on(BlogConfig.builder(target.url()).entities(Comment.class).build());
        Migrations.on(target.url()).migrate("2");
        Object before = state();

        migrations.history();
        migrations.currentVersion();
        migrations.check();
        migrations.validate();
        migrations.dryRun().migrate();
        migrations.dryRun().undo();

        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aBlogWhoseSchemaWasUndoneBeneathItSaysTheSchemaChangedAndToReopen() {
        try (Blog blog = Blog.open(target.url())) {
            User alice = blog.repository().createUser("alice", "alice@example.com");
            Migrations.on(target.url()).undoTo("1");

            assertThatThrownBy(() -> blog.repository().updateUser(alice.getId(), u -> u.setBio("later")))
                    .isInstanceOf(SchemaChangedException.class).hasMessageContaining("schema changed")
                    .hasMessageContaining("open it again");
            assertThatThrownBy(() -> blog.repository().createUser("bob", "bob@example.com"))
                    .as("an INSERT that names the dropped column").isInstanceOf(SchemaChangedException.class);
            assertThatThrownBy(() -> blog.repository().findUser(alice.getId()))
                    .as("a SELECT that names it").isInstanceOf(SchemaChangedException.class);
        }
    }
}
