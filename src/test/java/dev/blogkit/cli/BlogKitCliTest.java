package dev.blogkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.EachDatabase;
import dev.blogkit.TestDatabase;
import dev.blogkit.TestTarget;
import dev.blogkit.migration.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in this JVM; CliJarIT runs the packaged jar. */
class BlogKitCliTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndEachCommandsOptions() {
        Result help = cli("--help");
        assertThat(help.code).isZero();
        assertThat(help.out).contains("migrate", "undo", "info", "validate", "copy");
        assertThat(cli("undo", "--help").out).contains("--steps", "--to", "--dry-run", "--url", "--verbose");
        assertThat(cli("migrate", "--help").out).contains("--target", "--dry-run", "jdbc:sqlite:blog.db");
    }

    /** Issue 31: a URL whose host pgJDBC cannot parse; the password was in the error line and the trace. */
    @Test
    void aPasswordInAUrlTheDriverCannotParseIsInNoLineTheCommandPrints() {
        String url = "jdbc:postgresql://postgres:s3cr3t-pw@127.0.0.1:5432/db";
        for (String[] args : new String[][] {{"info", "--url", url}, {"info", "--url", url, "--verbose"},
                {"migrate", "--url", url, "--verbose"}}) {
            Result run = cli(args);
            assertThat(run.code).isNotZero();
            assertThat(run.err).startsWith("error: ").contains("postgres:***@").doesNotContain("s3cr3t-pw");
            assertThat(run.out).doesNotContain("s3cr3t-pw");
        }
    }

    /**
     * Issue 31's list of URL forms, each with a password no output may show (nothing listens on port 1): in the
     * user info, as a setting, percent-encoded (shown neither encoded nor decoded), behind an IPv6 host, with several
     * hosts, and with a host the driver cannot parse; in the command line's errors and --verbose traces, and in what
     * the Java API says: the exception of Blog.open with its whole chain, BlogConfig's toString and displayUrl.
     */
    static final List<String> URL_FORMS = List.of(
            "jdbc:postgresql://app:zq9Secret@127.0.0.1:1/db",
            "jdbc:postgresql://127.0.0.1:1/db?user=app&password=zq9Secret",
            "jdbc:postgresql://127.0.0.1:1/db?password=zq9Secret&user=app",
            "jdbc:postgresql://127.0.0.1:1/db?user=app&PASSWORD=zq9Secret&ssl=false",
            "jdbc:postgresql://app:zq9%40Secret@127.0.0.1:1/db",
            "jdbc:postgresql://127.0.0.1:1/db?user=app&password=zq9%26Secret",
            "jdbc:postgresql://app:zq9Secret@[::1]:1/db",
            "jdbc:postgresql://app:zq9Secret@127.0.0.1:1,127.0.0.2:1/db",
            "jdbc:postgresql://127.0.0.1:1,[::1]:1/db?user=app&password=zq9Secret",
            "jdbc:postgresql://postgres:zq9Secret@127.0.0.1:5432/db",
            "jdbc:postgres://app:zq9Secret@127.0.0.1:1/db");

    @Test
    void noPasswordOfAnyUrlFormReachesAnErrorATraceOrWhatTheJavaApiSays() {
        for (String url : URL_FORMS) {
            for (String[] args : new String[][] {{"info", "--url", url}, {"info", "--url", url, "--verbose"},
                    {"check", "--url", url, "--verbose"}, {"migrate", "--url", url, "--verbose"},
                    {"copy", "--from", "jdbc:sqlite:" + dir.resolve("none.db"), "--to", url, "--verbose"}}) {
                Result run = cli(args);
                assertThat(run.code).as(String.join(" ", args)).isNotZero();
                assertThat(run.out + run.err).as(String.join(" ", args)).doesNotContain("Secret").doesNotContain("zq9%");
            }
            if (url.startsWith("jdbc:postgresql:")) {
                dev.blogkit.BlogConfig config = dev.blogkit.BlogConfig.builder(url)
                        .connectionTimeout(java.time.Duration.ofSeconds(2)).build();
                assertThat(config.toString() + config.displayUrl()).as(url).doesNotContain("Secret");
                Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> dev.blogkit.Blog.open(config).close());
                assertThat(failure).as(url).isInstanceOf(dev.blogkit.BlogException.class);
                java.io.StringWriter trace = new java.io.StringWriter();
                failure.printStackTrace(new java.io.PrintWriter(trace));
                assertThat(trace.toString()).as(url).doesNotContain("Secret").doesNotContain("zq9%");
            }
        }
    }

    @Test
    void aBadCommandLineExitsWithTwoSuggestsTheCommandItMeantAndCreatesNothing() {
        String url = "jdbc:sqlite:" + dir.resolve("blog.db");

        Result typo = cli("migrat", "--url", url);
        Result zeroSteps = cli("undo", "--steps", "0", "--url", url);

        assertThat(typo.code).isEqualTo(BlogKitCli.USAGE);
        assertThat(typo.err.lines().toList()).singleElement().asString().contains("did you mean migrate");
        assertThat(zeroSteps.code).isEqualTo(BlogKitCli.USAGE);
        assertThat(zeroSteps.err).contains("--steps must be at least 1, was 0");
        assertThat(dir.resolve("blog.db")).doesNotExist();
    }

    @Test
    void aMissingSqliteFileIsAnErrorNamingItForEveryCommandButMigrateAndNothingIsCreated() {
        Path missing = dir.resolve("missing.db");

        String named = "no SQLite database at " + missing.toAbsolutePath() + ": the file does not exist";
        assertOneLineError(cli("copy", "--from", "jdbc:sqlite:" + missing, "--to", "jdbc:sqlite:" + dir.resolve("new.db")),
                BlogKitCli.FAILED, named);
        // issue 31: every command but migrate names the missing file, exits with 1 and creates nothing
        for (String command : List.of("undo", "info", "check", "validate", "stamp")) {
            String[] args = command.equals("stamp") ? new String[] {command, "1", "--url", "jdbc:sqlite:" + missing}
                    : new String[] {command, "--url", "jdbc:sqlite:" + missing};
            assertOneLineError(cli(args), BlogKitCli.FAILED, named);
        }
        assertOneLineError(cli("generate", "first", "--url", "jdbc:sqlite:" + missing, "--migrations",
                "filesystem:" + dir.resolve("app")), BlogKitCli.FAILED, named);
        assertThat(dir).isEmptyDirectory();
        assertThat(cli("migrate", "--dry-run", "--url", "jdbc:sqlite:" + missing).code).as("a dry run of migrate")
                .isZero();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aNearMissOfAUrlPrefixIsNamedAndAUserForAnSqliteFileIsRefusedNotIgnored() {
        assertOneLineError(cli("info", "--url", "jdbc:postgres://app:s3cr3t-pw@127.0.0.1/db"), BlogKitCli.FAILED,
                "(did you mean jdbc:postgresql://...?)");
        assertThat(cli("info", "--url", "jdbc:postgres://app:s3cr3t-pw@127.0.0.1/db").err).doesNotContain("s3cr3t-pw");
        assertOneLineError(cli("info", "--url", "jdbc:sqlite3:blog.db"), BlogKitCli.FAILED,
                "(did you mean jdbc:sqlite:PATH?)");

        String url = "jdbc:sqlite:" + dir.resolve("blog.db");
        assertThat(cli("migrate", "--url", url).code).isZero();
        assertOneLineError(cli("info", "--url", url, "--user", "bob"), BlogKitCli.FAILED,
                "--user names a database server's user");
        assertOneLineError(cli("migrate", "--url", url, "--user", "bob"), BlogKitCli.FAILED, "leave --user out");
    }

    @Test
    void commandsThatOnlyLookLeaveNoWalOrShmAndTheFileAsItWasButNeverTakeThemFromAnOpenBlog() throws Exception {
        Path file = dir.resolve("blog.db");
        String url = "jdbc:sqlite:" + file;
        assertThat(cli("migrate", "--url", url).code).isZero();
        byte[] before = java.nio.file.Files.readAllBytes(file);
        for (String[] look : new String[][] {{"info"}, {"check"}, {"validate"}, {"migrate", "--dry-run"},
                {"undo", "--dry-run"}, {"stamp", "10", "--dry-run"}, {"generate", "x", "--dir", dir.resolve("g").toString()}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(look), java.util.stream.Stream.of("--url", url))
                    .toArray(String[]::new);
            cli(args);
            try (var files = java.nio.file.Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("blog.db")))
                        .as(String.join(" ", look)).containsExactlyInAnyOrder("blog.db", "blog.db-migration.lock");
            }
            assertThat(java.nio.file.Files.readAllBytes(file)).as(String.join(" ", look)).isEqualTo(before);
        }

        // an application that has the blog open keeps its -wal and -shm, and goes on writing
        try (dev.blogkit.Blog blog = dev.blogkit.Blog.open(dev.blogkit.BlogConfig.builder(url).build())) {
            dev.blogkit.model.User alice = blog.repository().createUser("alice", "alice@example.com");
            assertThat(cli("info", "--url", url).code).isZero();
            assertThat(dir.resolve("blog.db-wal")).exists();
            assertThat(dir.resolve("blog.db-shm")).exists();
            blog.repository().createUser("bob", "bob@example.com");
            assertThat(blog.repository().findUser(alice.getId())).isPresent();
        }
        assertThat(dev.blogkit.TestDatabase.count(file, "SELECT count(*) FROM users")).isEqualTo(2);
    }

    @Test
    void aServerThatIsNotThereIsOneLineThatNamesIt() {
        // nothing listens on port 1; .invalid never resolves
        Result refused = cli("info", "--url", "jdbc:postgresql://127.0.0.1:1/test?user=postgres");
        Result unknownHost = cli("migrate", "--url", "jdbc:postgresql://nosuchhost.invalid/test");

        assertOneLineError(refused, BlogKitCli.FAILED, "cannot connect to jdbc:postgresql://127.0.0.1:1/test?user=postgres: "
                + "Connection to 127.0.0.1:1 refused");
        assertOneLineError(unknownHost, BlogKitCli.FAILED, "unknown host nosuchhost.invalid");
        assertThat(refused.err + unknownHost.err).doesNotContain("SQL State", "Error Code", "Unable to obtain");
    }

    @Test
    void aMissingDatabaseOrRoleIsOneLineThatNamesIt() {
        String server = System.getenv(TestTarget.POSTGRES_URL_VARIABLE);
        org.assertj.core.api.Assumptions.assumeThat(server)
                .as(TestTarget.POSTGRES_URL_VARIABLE + " is not set: skipped on PostgreSQL").isNotBlank();
        String noDatabase = server.replaceFirst("/test\\b", "/no_such_database_here");
        String noRole = server.replaceAll("user=[^&]*", "user=no_such_role_here");

        assertOneLineError(cli("migrate", "--url", noDatabase), BlogKitCli.FAILED,
                "database \"no_such_database_here\" does not exist");
        assertOneLineError(cli("info", "--url", noRole), BlogKitCli.FAILED, "role \"no_such_role_here\" does not exist");
    }

    @Test
    void aMigrationThatFailsOnANewFileLeavesNoFileBehind() throws Exception {
        Path scripts = brokenMigrations();
        Path file = dir.resolve("new.db");

        Result failed = cli("migrate", "--url", "jdbc:sqlite:" + file, "--migrations", "filesystem:" + scripts,
                "--history", "broken_history");

        assertOneLineError(failed, BlogKitCli.FAILED, "V1__broken.sql");
        assertThat(failed.err).contains("syntax error", "line 1").doesNotContain("SQL State", "Error Code", "Run Flyway");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("broken");
        }
    }

    /** An application set whose first version fails, on SQLite and PostgreSQL. */
    private Path brokenMigrations() throws Exception {
        Path scripts = dir.resolve("broken");
        for (String vendor : List.of("sqlite", "postgresql")) {
            Files.createDirectories(scripts.resolve("migration").resolve(vendor));
            Files.createDirectories(scripts.resolve("undo").resolve(vendor));
            Files.writeString(scripts.resolve("migration").resolve(vendor).resolve("V1__broken.sql"), "CREATE TABLE broken (;\n");
            Files.writeString(scripts.resolve("undo").resolve(vendor).resolve("U1__broken.sql"), "DROP TABLE broken;\n");
        }
        return scripts;
    }

    /** Once on a fresh SQLite file, once in a fresh PostgreSQL schema (skipped, and says so, without the server). */
    @Nested
    class OnBothDatabases extends EachDatabase {

        String url;

        @BeforeEach
        void setUp() {
            url = target.url();
        }

        @Test
        void migrateAppliesEveryVersionThenFindsNothingToDo() {
            Result first = cli("migrate", "--url", url);
            Result second = cli("migrate", "--url", url);

            assertThat(first.code).isZero();
            assertThat(first.out).contains("migrated the empty schema to version 10: V1__create_users_and_posts.sql, V2__add_user_bio.sql, "
                    + "V3__add_blogkit_settings.sql, V4__add_slugs_publication_and_versions.sql, V5__add_tags.sql");
            assertThat(first.err).isEmpty();
            assertThat(second.out).contains("nothing to migrate: the database is at version 10");
        }

        @Test
        void migrateToATargetAndItsDryRun() {
            Result dryRun = cli("migrate", "--url", url, "--target", "1", "--dry-run");
            assertThat(dryRun.code).isZero();
            assertThat(dryRun.out).startsWith("-- would migrate the empty schema to version 1").contains("CREATE TABLE users")
                    .doesNotContain("ADD COLUMN bio");
            assertThat(target.isUntouched()).as("nothing created").isTrue();

            assertThat(cli("migrate", "--url", url, "--target", "1").out).contains("to version 1");
            assertThat(Migrations.on(url).currentVersion()).contains("1");
        }

        @Test
        void undoUndoesOneVersionOrStepsOrDownToAVersion() {
            cli("migrate", "--url", url);

            Result undo = cli("undo", "--url", url);
            assertThat(undo.code).isZero();
            assertThat(undo.out).contains("undid version 10 to version 9: U10__analyse_search_text_in_java.sql");
            assertThat(undo.out.contains("copy of the database before the undo")).as("a copy of a file, none of a server database")
                    .isEqualTo(kind == TestTarget.Kind.SQLITE);

            cli("migrate", "--url", url);
            assertThat(cli("undo", "--url", url, "--steps", "10", "--dry-run").out)
                    .contains("ALTER TABLE users DROP COLUMN bio;", "DROP TABLE users;");
            assertThat(cli("undo", "--url", url, "--to", "0").out).contains("to the empty schema");
            assertThat(Migrations.on(url).currentVersion()).isEmpty();
        }

        @Test
        void infoListsEveryVersionWithItsStateAndTheCurrentVersion() {
            cli("migrate", "--url", url, "--target", "1");

            Result info = cli("info", "--url", url);

            assertThat(info.code).isZero();
            List<String> lines = info.out.lines().toList();
            assertThat(lines.get(0)).startsWith("version").contains("description", "state", "applied at", "undo");
            assertThat(lines.get(1)).startsWith("1").contains("create users and posts", "applied", "yes");
            assertThat(lines.get(2)).startsWith("2").contains("add user bio", "pending");
            assertThat(lines.get(3)).startsWith("3").contains("add blogkit settings", "pending");
            assertThat(lines.get(4)).startsWith("4").contains("add slugs publication and versions", "pending");
            assertThat(lines.get(5)).startsWith("5").contains("add tags", "pending");
            assertThat(lines.get(6)).startsWith("6").contains("add post search", "pending");
            assertThat(lines.get(7)).startsWith("7").contains("add user lookup keys", "pending");
            assertThat(lines.get(8)).startsWith("8").contains("add slug suffixes and bound search", "pending");
            assertThat(lines.get(9)).startsWith("9").contains("fold user lookup keys", "pending");
            assertThat(lines.get(10)).startsWith("10").contains("analyse search text in java", "pending");
            assertThat(lines.get(11)).isEqualTo("current version: 1");
        }

        @Test
        void validateExitsWithZeroOnlyWhenEverythingHolds() {
            cli("migrate", "--url", url, "--target", "9");
            Result pending = cli("validate", "--url", url);
            assertThat(pending.code).isEqualTo(BlogKitCli.FAILED);
            assertThat(pending.out).contains("problem: V10 (analyse search text in java) is pending");

            cli("migrate", "--url", url);
            Result valid = cli("validate", "--url", url);
            assertThat(valid.code).isZero();
            assertThat(valid.out).startsWith("valid:");
        }

        @Test
        void userErrorsPrintOneClearLineAndExitNonZero() {
            assertOneLineError(cli("frobnicate"), BlogKitCli.USAGE, "frobnicate");
            assertOneLineError(cli(), BlogKitCli.USAGE, "a command is required");
            assertOneLineError(cli("migrate", "--url", "jdbc:mysql://localhost/blog"), BlogKitCli.FAILED, "unsupported JDBC URL");
            assertOneLineError(cli("migrate", "--url", url, "--target", "11"), BlogKitCli.FAILED, "unknown version '11'");
            assertOneLineError(cli("undo", "--url", url, "--steps", "1", "--to", "0"), BlogKitCli.USAGE, "mutually exclusive");
            assertOneLineError(cli("undo", "--url", url, "--steps", "x"), BlogKitCli.USAGE, "--steps");
        }

        /** BlogKit's versions and the application's are migrated together or not at all. */
        @Test
        void aFailedApplicationSetUndoesBlogKitsVersionsOfTheSameCommand() throws Exception {
            cli("migrate", "--url", url, "--target", "2");
            Path scripts = brokenMigrations();

            Result failed = cli("migrate", "--url", url, "--migrations", "filesystem:" + scripts, "--history", "broken_history");

            assertOneLineError(failed, BlogKitCli.FAILED, "V1__broken.sql");
            assertThat(failed.err).contains("BlogKit's migrations applied before it were undone: the database is as it was");
            assertThat(Migrations.on(url).currentVersion()).contains("2");
            assertThat(target.tables()).doesNotContain("broken_history", "broken", "blogkit_settings");
        }

        /** From an SQLite file to this database: on PostgreSQL, what README's "Outgrowing SQLite" shows. */
        @Test
        void copyMovesABlogWritesNoCarriageReturnIntoAPipeAndRefusesANonEmptyTarget() {
            String source = TestDatabase.url(dir.resolve("source.db"));
            try (dev.blogkit.Blog blog = dev.blogkit.Blog.open(source)) {
                dev.blogkit.model.User alice = blog.repository().createUser("alice", "alice@example.com");
                blog.repository().createPost(alice.getId(), "First post", "Hello world!", true);
            }

            Result copy = cli("copy", "--from", source, "--to", url);

            assertThat(copy.code).isZero();
            assertThat(copy.out).contains("copied 1 users and 1 posts", "counts checked");
            // not a terminal (a log, a pipe): no bar redrawn with carriage returns; a terminal gets it
            assertThat(copy.err).doesNotContain("\r").doesNotContain("copying [");
            assertThat(BlogKitCli.Copy.progressBar(3, 3)).isEqualTo("copying [" + "#".repeat(30) + "] 100% 3/3 rows");
            assertThat(BlogKitCli.Copy.progressBar(1, 3)).isEqualTo("copying [" + "#".repeat(10) + " ".repeat(20)
                    + "] 33% 1/3 rows");
            assertThat(target.rows("SELECT username FROM users")).extracting(r -> r.get("username")).containsExactly("alice");
            assertOneLineError(cli("copy", "--from", source, "--to", url), BlogKitCli.FAILED, "already holds");
            assertOneLineError(cli("copy", "--from", source), BlogKitCli.USAGE, "--to");
        }
    }

    /** What only an SQLite file has: the copy undo saves beside it, and a file that may hold something else. */
    @Nested
    class OnSqliteFilesOnly {

        @Test
        void undoNamesTheCopyOfTheFileItSaved() {
            String url = TestDatabase.url(dir.resolve("blog.db"));
            cli("migrate", "--url", url);

            Result undo = cli("undo", "--url", url);

            assertThat(undo.out).contains("copy of the database before the undo: ").contains("before-undo-V10");
        }

        @Test
        void aFileThatIsNotADatabaseIsAOneLineErrorAndStaysAsItWas() throws Exception {
            Path notes = dir.resolve("notes.txt");
            Files.writeString(notes, "my notes");

            assertOneLineError(cli("migrate", "--url", "jdbc:sqlite:" + notes), BlogKitCli.FAILED, "not an SQLite database");
            assertThat(Files.readString(notes)).isEqualTo("my notes");
        }
    }

    private static void assertOneLineError(Result result, int code, String message) {
        assertThat(result.code).isEqualTo(code);
        assertThat(result.err.lines().toList()).singleElement().asString().startsWith("error: ").contains(message);
        assertThat(result.out).isEmpty();
    }

    private static Result cli(String... args) {
        CliRun run = CliRun.of(args);
        return new Result(run.code(), run.out(), run.err());
    }

    private record Result(int code, String out, String err) {
    }
}
