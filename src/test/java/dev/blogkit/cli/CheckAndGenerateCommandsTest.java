package dev.blogkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.EachDatabase;
import dev.blogkit.TestTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code check} and {@code generate} on the command line: an application's CI gates on check's exit code, and
 * generate writes the application's next version from its entities (here example.app.Comment).
 */
class CheckAndGenerateCommandsTest extends EachDatabase {

    String url;

    @BeforeEach
    void setUrl() {
        url = target.url();
    }

    @Test
    void checkExitsWithZeroWhenEntitiesAndDatabaseMatch() {
        CliRun.of("migrate", "--url", url);

        CliRun check = CliRun.of("check", "--url", url);

        assertThat(check.code()).isZero();
        assertThat(check.out()).isEqualTo("no differences: the entities match the database" + System.lineSeparator());
        assertThat(check.err()).isEmpty();
    }

    @Test
    void checkPrintsEachDifferenceAndExitsWithOne() {
        CliRun.of("migrate", "--url", url, "--target", "4");

        CliRun check = CliRun.of("check", "--url", url, "--entities", "example.app.Comment");

        assertThat(check.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(check.out().lines()).containsExactly(
                "pending: V5 (add tags) of BlogKit's migrations: run migrate",
                "pending: V6 (add post search) of BlogKit's migrations: run migrate",
                "pending: V7 (add user lookup keys) of BlogKit's migrations: run migrate",
                "pending: V8 (add slug suffixes and bound search) of BlogKit's migrations: run migrate",
                "pending: V9 (fold user lookup keys) of BlogKit's migrations: run migrate",
                "pending: V10 (analyse search text in java) of BlogKit's migrations: run migrate",
                "+ table comments (id, body, created_at, post_id)",
                "+ table post_tags (post_id, tag_id)",
                "+ column posts.search_body TEXT NOT NULL",
                "+ column posts.search_title TEXT NOT NULL",
                "+ table tags (id, created_at, name, slug)",
                "+ column users.email_key VARCHAR(43)",
                "+ column users.username_key VARCHAR(43)",
                "+ unique uq_users_username_key on users (username_key)",
                "+ unique uq_users_email_key on users (email_key)",
                "9 difference(s) between the entities and the database, 6 version(s) pending");
    }

    @Test
    void generateWritesTheApplicationsNextVersionWhichMigrateAppliesAndCheckThenAccepts() {
        Path app = dir.resolve("db").resolve("comments");
        // both databases' scripts when a PostgreSQL server is there for SQLite's run (on PostgreSQL's, SQLite's
        // scratch is a temporary file); SQLite's alone without one
        String server = System.getenv(TestTarget.POSTGRES_URL_VARIABLE);
        boolean both = kind == TestTarget.Kind.POSTGRESQL || (server != null && !server.isBlank());
        String[] appOptions = {"--url", url, "--entities", "example.app.Comment",
                "--migrations", "filesystem:" + app, "--history", "comments_schema_history"};
        appOptions = concat(appOptions, kind == TestTarget.Kind.POSTGRESQL ? new String[0]
                : both ? new String[] {"--scratch", server} : new String[] {"--databases", "sqlite"});
        CliRun.of("migrate", "--url", url);

        CliRun generate = CliRun.of(concat(new String[] {"generate", "create comments"}, appOptions));

        String vendor = target.folder();
        Path script = app.resolve("migration").resolve(vendor).resolve("V1__create_comments.sql");
        Path undo = app.resolve("undo").resolve(vendor).resolve("U1__create_comments.sql");
        assertThat(generate.code()).as(generate.err()).isZero();
        List<String> wrote = new ArrayList<>(List.of("wrote " + script, "wrote " + undo));
        if (both) {
            String other = kind == TestTarget.Kind.SQLITE ? "postgresql" : "sqlite";
            wrote.add("wrote " + app.resolve("migration").resolve(other).resolve("V1__create_comments.sql"));
            wrote.add("wrote " + app.resolve("undo").resolve(other).resolve("U1__create_comments.sql"));
        }
        wrote.add("  + table comments (id, body, created_at, post_id)");
        wrote.add("warning: undoing drops table comments with its rows");
        assertThat(generate.out().lines()).containsExactlyElementsOf(wrote);
        assertThat(script).content().contains("CREATE TABLE comments");

        CliRun migrate = CliRun.of(concat(new String[] {"migrate"}, appOptions));
        assertThat(migrate.out()).contains("nothing to migrate: the database is at version 10")
                .contains("migrated the empty schema to version 1: V1__create_comments.sql");
        assertThat(CliRun.of(concat(new String[] {"check"}, appOptions)).code()).isZero();
        assertThat(CliRun.of(concat(new String[] {"generate", "again"}, appOptions)).out())
                .isEqualTo("nothing to generate: the entities match the database" + System.lineSeparator());
        assertThat(CliRun.of(concat(new String[] {"undo"}, appOptions)).out()).contains("U1__create_comments.sql");
        assertThat(target.count("SELECT count(*) FROM comments_schema_history WHERE version = '1'")).isZero();
    }

    @Test
    void generateRefusesPendingVersionsABlankMessageAndAnUnknownEntityWithOneLine() throws Exception {
        CliRun pending = CliRun.of("generate", "add things", "--url", url, "--dir", dir.resolve("out").toString());
        assertThat(pending.code()).isEqualTo(BlogKitCli.FAILED);
        // an SQLite file not yet there is named as such (issue 31); a server's empty database is not up to date
        assertThat(pending.err()).startsWith(url.startsWith("jdbc:sqlite:") ? "error: no SQLite database at"
                : "error: the database is not up to date").hasLineCount(1);
        assertThat(dir.resolve("out")).doesNotExist();

        CliRun.of("migrate", "--url", url);
        CliRun blank = CliRun.of("generate", " ", "--url", url, "--dir", dir.resolve("out").toString());
        assertThat(blank.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(blank.err()).startsWith("error: the message must say what the migration does");

        CliRun unknown = CliRun.of("check", "--url", url, "--entities", "com.example.Missing");
        assertThat(unknown.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(unknown.err()).startsWith("error: cannot load the entity class com.example.Missing");
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
