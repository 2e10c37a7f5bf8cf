package dev.blogkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.TestTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The packaged {@code blogkit-<version>-cli.jar}, run with {@code java -jar} on real databases (failsafe, in verify). */
class CliJarIT {

    static final Path CLI_JAR = Path.of(System.getProperty("blogkit.cliJar", "target/blogkit-cli.jar"));

    @TempDir
    Path dir;

    @Test
    void thePlainJarStaysAThinLibraryJar() throws IOException {
        Path plain = CLI_JAR.resolveSibling(CLI_JAR.getFileName().toString().replace("-cli.jar", ".jar"));
        try (JarFile jar = new JarFile(plain.toFile()); JarFile cli = new JarFile(CLI_JAR.toFile())) {
            assertThat(jar.stream().map(e -> e.getName())).allMatch(name -> name.startsWith("dev/blogkit/")
                    || name.startsWith("db/blogkit/") || name.startsWith("META-INF/") || name.equals("dev/") || name.equals("db/"));
            assertThat(cli.getEntry("org/hibernate/Session.class")).isNotNull();
            assertThat(cli.getEntry("picocli/CommandLine.class")).isNotNull();
        }
    }

    @Test
    void errorsAreOneLineWithoutAStackTrace() throws Exception {
        Result unknown = java("frobnicate");
        assertThat(unknown.code).isEqualTo(BlogKitCli.USAGE);
        assertThat(unknown.err.lines().toList()).singleElement().asString().startsWith("error: ");

        Result badUrl = java("info", "--url", "jdbc:oracle:thin:@db");
        assertThat(badUrl.code).isEqualTo(BlogKitCli.FAILED);
        assertThat(badUrl.err.lines().toList()).singleElement().asString().contains("unsupported JDBC URL");
    }

    /**
     * On SQLite the jar's default URL, {@code jdbc:sqlite:blog.db} in the working directory; on PostgreSQL
     * {@code --url} names a fresh schema (skipped, and says so, without the server).
     */
    @Nested
    @ParameterizedClass
    @EnumSource(TestTarget.Kind.class)
    class OnBothDatabases {

        @Parameter
        TestTarget.Kind kind;
        TestTarget target;

        @BeforeEach
        void createTarget() {
            target = TestTarget.create(kind, dir);
        }

        @AfterEach
        void dropTarget() {
            if (target != null) {
                target.close();
            }
        }

        @Test
        void theCliJarMigratesUndoesListsAndValidatesQuietly() throws Exception {
            Result migrate = onTarget("migrate");
            assertThat(migrate.code).isZero();
            assertThat(migrate.out).contains("migrated the empty schema to version 10");
            assertThat(migrate.err).isEmpty();
            assertThat(target.isUntouched()).isFalse();

            Result info = onTarget("info");
            assertThat(info.out).contains("create users and posts", "add user bio", "add blogkit settings", "add tags", "add post search", "add user lookup keys",
                    "fold user lookup keys", "analyse search text in java", "current version: 10");
            assertThat(info.err).isEmpty();

            Result validate = onTarget("validate");
            assertThat(validate.code).isZero();
            assertThat(validate.out).startsWith("valid:");
            assertThat(validate.err).isEmpty();

            Result undo = onTarget("undo");
            assertThat(undo.out).contains("undid version 10 to version 9");
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()).anyMatch(name -> name.startsWith("blog.before-undo-V10-")))
                        .as("a copy of a file, none of a server database").isEqualTo(kind == TestTarget.Kind.SQLITE);
            }

            Result dryRun = onTarget("migrate", "--dry-run");
            assertThat(dryRun.out).contains("ALTER TABLE posts ADD COLUMN search_title TEXT NOT NULL DEFAULT '';",
                    "-- BlogKit analyses every post's title and body for search (in Java)");
            assertThat(onTarget("info").out).contains("current version: 9");
        }

        @Test
        void verboseShowsTheLogsAndAFailedCommandIsOneLine() throws Exception {
            Result verbose = onTarget("migrate", "--verbose");
            assertThat(verbose.code).isZero();
            assertThat(verbose.err).contains("INFO");

            Result badVersion = onTarget("migrate", "--target", "42");
            assertThat(badVersion.code).isEqualTo(BlogKitCli.FAILED);
            assertThat(badVersion.err.lines().toList()).singleElement().asString().contains("unknown version '42'");
        }

        private Result onTarget(String... args) throws Exception {
            List<String> withUrl = new ArrayList<>(List.of(args));
            if (kind != TestTarget.Kind.SQLITE) {
                withUrl.addAll(List.of("--url", target.url()));
            }
            return java(withUrl.toArray(String[]::new));
        }
    }

    /** SQLite only: what is tested here is where the classes come from, not the database. */
    @Test
    void theApplicationsEntitiesComeFromItsClasspathForCheckGenerateAndValidate() throws Exception {
        // the jar does not hold the test classes: example.app.Comment comes from --classpath only
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        String[] app = {"--entities", "example.app.Comment", "--classpath", classes,
                "--migrations", "filesystem:" + dir.resolve("comments"), "--history", "comments_schema_history",
                "--databases", "sqlite"};
        java("migrate");

        Result check = java(with(app, "check"));
        assertThat(check.code).as(check.err).isEqualTo(BlogKitCli.FAILED);
        assertThat(check.out).contains("+ table comments (id, body, created_at, post_id)",
                "no migration script at filesystem:" + dir.resolve("comments") + "/migration/sqlite yet");

        Result verboseCheck = java(with(app, "check", "--verbose"));
        assertThat(verboseCheck.err).as("no ERROR for the folder generate has not written yet")
                .doesNotContain("Skipping filesystem location").doesNotContain("ERROR");

        Result generate = java(with(app, "generate", "create comments"));
        assertThat(generate.code).as(generate.err).isZero();
        assertThat(dir.resolve("comments/migration/sqlite/V1__create_comments.sql")).exists();
        assertThat(java(with(app, "migrate")).out).contains("V1__create_comments.sql");

        Result validate = java(with(app, "validate"));
        assertThat(validate.code).as(validate.out + validate.err).isZero();
        assertThat(validate.err).isEmpty();
        assertThat(java(with(app, "check")).code).isZero();
    }

    /**
     * The scenario: in an application's project folder, with the application's comments migrated, generate
     * for BlogKit's set with the application's options forgotten refuses, writes nothing and loses no row.
     */
    @Test
    void generateInAnApplicationsFolderWithItsOptionsForgottenRefusesAndWritesNothing() throws Exception {
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        Path app = dir.resolve("src/main/resources/db/comments");
        String[] options = {"--url", "jdbc:sqlite:g.db", "--entities", "example.app.Comment", "--classpath", classes,
                "--migrations", "filesystem:" + app, "--history", "comments_schema_history", "--databases", "sqlite"};
        java("migrate", "--url", "jdbc:sqlite:g.db");
        assertThat(java(with(options, "generate", "create comments")).code).isZero();
        assertThat(java(with(options, "migrate")).code).isZero();
        dev.blogkit.TestDatabase.execute(dir.resolve("g.db"),
                "INSERT INTO users (id, username, email, created_at) VALUES (1, 'alice', 'a@example.com', 0)",
                "INSERT INTO posts (id, author_id, title, body, published, created_at) VALUES (1, 1, 't', 'b', 1, 0)",
                "INSERT INTO comments (body, created_at, post_id) VALUES ('keep me', 0, 1)");

        transcript = new StringBuilder();
        java("check", "--url", "jdbc:sqlite:g.db");
        example.readme.ReadmeTranscripts.check("ignored-tables", transcript.toString());
        transcript = new StringBuilder();
        Result oops = java("generate", "oops", "--url", "jdbc:sqlite:g.db");
        example.readme.ReadmeTranscripts.check("generate-outside-blogkit", transcript.toString()
                .replace(dir.toRealPath().toString(), "/home/me/app").replace(dir.toString(), "/home/me/app"));
        transcript = null;

        assertThat(oops.code).isEqualTo(BlogKitCli.FAILED);
        assertThat(oops.err).contains("BlogKit's source tree", "--migrations", "--dir", "nothing was written");
        assertThat(dir.resolve("src/main/resources/db/blogkit")).doesNotExist();
        assertThat(java("migrate", "--url", "jdbc:sqlite:g.db").code).isZero();
        assertThat(dev.blogkit.TestDatabase.count(dir.resolve("g.db"), "SELECT count(*) FROM comments")).isEqualTo(1);

        Result withDir = java("generate", "oops", "--url", "jdbc:sqlite:g.db", "--dir", dir.resolve("out").toString());
        assertThat(withDir.code).as(withDir.err).isZero();
        assertThat(withDir.out).contains("ignored: table comments", "nothing to generate");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /**
     * Issue 31's trial with the project file: init, generate, migrate, check, undo, migrate, copy, none with an
     * option; the application's scripts are written into the source tree and run from there, no compile between.
     */
    @Test
    void anApplicationsWholeWorkflowRunsFromTheProjectFileWithoutOptions() throws Exception {
        transcript = new StringBuilder();
        Result init = java("init");
        assertThat(init.code).as(init.err).isZero();
        assertThat(init.out).startsWith("wrote blogkit.properties:").contains("url=jdbc:sqlite:blog.db");
        Result again = java("init");
        assertThat(again.code).isEqualTo(BlogKitCli.FAILED);
        assertThat(again.err).contains("exists already");

        // what the application's developer fills in: its entities, and where the CLI finds them
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        String server = System.getenv("BLOGKIT_TEST_POSTGRES_URL");
        String schema = "blogkit_trial_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Path file = dir.resolve("blogkit.properties");
        String project = Files.readString(file).replace("entities=\n", "entities=example.app.Comment\n")
                .replace("classpath=target/classes\n", "classpath=" + classes + "\n");
        if (server != null) {
            // the target is where generate builds PostgreSQL's previous version too (in a scratch schema of its own)
            dev.blogkit.TestDatabase.execute(server, "CREATE SCHEMA " + schema);
            project = project.replace("target=\n", "target=" + server + "&currentSchema=" + schema + "\n");
        } else {
            project = project.replace("databases=sqlite,postgresql\n", "databases=sqlite\n");
        }
        Files.writeString(file, project);
        transcript.append("(blogkit.properties: entities, classpath and target filled in)\n");
        try {
            Result first = java("migrate");
            assertThat(first.code).as(first.err).isZero();
            assertThat(first.out).contains("the application's migrations have no script yet");

            Result generate = java("generate", "create comments");
            assertThat(generate.code).as(generate.err).isZero();
            assertThat(dir.resolve("src/main/resources/db/app/migration/sqlite/V1__create_comments.sql")).exists();
            if (server != null) {
                assertThat(generate.out).as("one version, both databases")
                        .contains("migration/postgresql/V1__create_comments.sql", "undo/postgresql/U1__create_comments.sql");
            }

            Result migrate = java("migrate");
            assertThat(migrate.code).as(migrate.err).isZero();
            assertThat(migrate.out).contains("V1__create_comments.sql");
            Result check = java("check");
            assertThat(check.code).as(check.out + check.err).isZero();
            Result info = java("info");
            assertThat(info.out).contains("create comments", "current version: 1");
            Result undo = java("undo");
            assertThat(undo.code).as(undo.err).isZero();
            assertThat(dev.blogkit.TestDatabase.rows(dir.resolve("blog.db"),
                    "SELECT name FROM sqlite_schema WHERE name = 'comments'")).as("undone").isEmpty();
            assertThat(java("migrate").code).isZero();
            assertThat(java("validate").code).isZero();
            if (server != null) {
                // generate wrote PostgreSQL's V1 as well: the copy gets the same schema, and the rows
                dev.blogkit.TestDatabase.execute(dir.resolve("blog.db"),
                        "INSERT INTO users (id, username, email, created_at) VALUES (1, 'alice', 'a@example.com', 0)",
                        "INSERT INTO posts (id, author_id, title, body, published, created_at, slug, updated_at, search_title,"
                                + " search_body) VALUES (1, 1, 't', 'b', 0, 0, 't', 0, 't', 'b')",
                        "INSERT INTO comments (body, created_at, post_id) VALUES ('keep me', 0, 1)");
                transcript.append("(a user, a post and a comment added to blog.db)\n");
                Result copy = java("copy");
                assertThat(copy.code).as(copy.err).isZero();
                assertThat(copy.out).contains("copied 1 users and 1 posts (and 1 comments, ");
                assertThat(dev.blogkit.TestDatabase.rows(server, "SELECT body FROM " + schema + ".comments"))
                        .extracting(r -> r.get("body")).containsExactly("keep me");
                Result checkTarget = java("check", "--url", server + "&currentSchema=" + schema);
                assertThat(checkTarget.code).as(checkTarget.out + checkTarget.err).isZero();
                assertThat(dev.blogkit.TestDatabase.rows(server, "SELECT schema_name FROM information_schema.schemata "
                        + "WHERE schema_name LIKE 'blogkit_scratch_%' AND EXISTS (SELECT 1 FROM information_schema.tables t "
                        + "WHERE t.table_schema = schema_name AND t.table_name = 'app_schema_history')"))
                        .as("no scratch schema left").isEmpty();
                // the README shows this run, as it printed it
                String shown = transcript.toString().replace(dir.toRealPath().toString(), "/home/me/blog")
                        .replace(dir.toString(), "/home/me/blog").replace(schema, "blog")
                        .replace(server, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                example.readme.ReadmeTranscripts.check("project-file-workflow", shown);
            }
        } finally {
            if (server != null) {
                dev.blogkit.TestDatabase.execute(server, "DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /**
     * Issue 31's URL forms in a process of their own, where --verbose's logs (SLF4J's, Flyway's, Hibernate's,
     * pgJDBC's) reach the process's stderr as a user's terminal gets them: no password in any line.
     */
    @Test
    void noPasswordOfAnyUrlFormReachesTheLogsOfAVerboseRun() throws Exception {
        // one process a form costs a second or two: the forms whose text the driver and the JDK derive logs from
        // (user info, a setting, percent-encoding, a host the driver cannot parse); BlogKitCliTest has all in-process
        for (String url : List.of(BlogKitCliTest.URL_FORMS.get(0), BlogKitCliTest.URL_FORMS.get(1),
                BlogKitCliTest.URL_FORMS.get(4), BlogKitCliTest.URL_FORMS.get(9))) {
            Result run = java("migrate", "--url", url, "--verbose");
            assertThat(run.code).as(url).isNotZero();
            assertThat(run.out + run.err).as(url).doesNotContain("Secret").doesNotContain("zq9%");
        }
    }

    /**
     * The README's "add a column later" for an application on SQLite alone, as its transcript shows it: the entity's
     * class compiled into {@code classes}, then again with a new field.
     */
    @Test
    void theReadmesTranscriptOfAddingAColumnLaterIsWhatTheJarPrints() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/example/app"));
        Files.copy(Path.of("target/test-classes/example/app/Comment.class"), classes.resolve("Comment.class"));
        String app = "--entities example.app.Comment --classpath classes --migrations filesystem:db/comments"
                + " --history comments_schema_history --databases sqlite";
        String[] options = app.split(" ");
        transcript = new StringBuilder();
        java("migrate");
        java("check", "--entities", "example.app.Comment", "--classpath", "classes");
        transcript.append("$ # --databases sqlite: this application runs on SQLite alone (without it, generate writes"
                + " PostgreSQL's scripts too)\n$ APP=\"" + app + "\"\n");
        shownArgs = "generate \"create comments\" $APP";
        assertThat(java(with(options, "generate", "create comments")).code).isZero();
        shownArgs = "migrate $APP";
        java(with(options, "migrate"));

        // the field added, the class compiled again
        String source = Files.readString(Path.of("src/test/java/example/app/Comment.java")).replace(
                "private Instant createdAt;", "private Instant createdAt;\n    @Column(name = \"author_name\", length = 64)"
                        + " private String authorName;");
        Path sourceFile = Files.createDirectories(dir.resolve("src/example/app")).resolve("Comment.java");
        Files.writeString(sourceFile, source);
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-d",
                dir.resolve("classes").toString(), "-cp", System.getProperty("java.class.path"), sourceFile.toString()))
                .isZero();
        transcript.append("\n(add `@Column(name = \"author_name\", length = 64) private String authorName;` to Comment)\n\n");
        shownArgs = "check $APP";
        java(with(options, "check"));
        shownArgs = "generate \"add comment author name\" $APP";
        java(with(options, "generate", "add comment author name"));
        Path v2 = Path.of("db/comments/migration/sqlite/V2__add_comment_author_name.sql");
        transcript.append("$ cat ").append(v2).append('\n').append(Files.readString(dir.resolve(v2)));
        shownArgs = "migrate $APP";
        java(with(options, "migrate"));
        shownArgs = "check $APP";
        assertThat(java(with(options, "check")).code).isZero();
        example.readme.ReadmeTranscripts.check("add-a-column-later", transcript.toString()
                .replace(dir.toRealPath() + "/", "").replace(dir + "/", ""));
    }

    /** The README's transcript of copy, to PostgreSQL and with an application's set, is what the jar prints. */
    @Test
    void theReadmesTranscriptOfCopyIsWhatTheJarPrints() throws Exception {
        String server = System.getenv("BLOGKIT_TEST_POSTGRES_URL");
        org.assertj.core.api.Assumptions.assumeThat(server).as("the transcript copies to PostgreSQL").isNotBlank();
        try (dev.blogkit.Blog blog = dev.blogkit.Blog.open("jdbc:sqlite:" + dir.resolve("blog.db"))) {
            seed(blog);
        }
        dev.blogkit.BlogConfig app = dev.blogkit.BlogConfig.builder("jdbc:sqlite:" + dir.resolve("app.db"))
                .entities(example.app.Comment.class).migrations("classpath:db/comments", "comments_schema_history").build();
        try (dev.blogkit.Blog blog = dev.blogkit.Blog.open(app)) {
            long post = seed(blog);
            blog.inTransaction(session -> {
                for (String body : List.of("Nice!", "Thanks")) {
                    session.persist(new example.app.Comment(session.getReference(dev.blogkit.model.Post.class, post), body,
                            java.time.Instant.EPOCH));
                }
                return null;
            });
        }
        dev.blogkit.TestDatabase.execute(dir.resolve("app.db"), "CREATE TABLE scratch (note TEXT)");
        String schema = "blogkit_copy_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        dev.blogkit.TestDatabase.execute(server, "CREATE SCHEMA " + schema);
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        try {
            transcript = new StringBuilder();
            shownJar = "target/blogkit-0.2.0-SNAPSHOT-cli.jar";
            String target = server + "&currentSchema=" + schema;
            assertThat(java("copy", "--from", "jdbc:sqlite:blog.db", "--to", target).code).isZero();
            assertThat(java("copy", "--from", "jdbc:sqlite:app.db", "--to", "jdbc:sqlite:moved.db", "--migrations",
                    "classpath:db/comments", "--history", "comments_schema_history", "--classpath", classes,
                    "--exclude", "scratch").code).isZero();
            example.readme.ReadmeTranscripts.check("copy", transcript.toString().replace(target,
                    "'jdbc:postgresql://127.0.0.1:5432/blog?user=postgres'").replace(server + "&currentSchema=" + schema,
                    "jdbc:postgresql://127.0.0.1:5432/blog?user=postgres").replace("'" + "jdbc:postgresql://127.0.0.1:5432/blog?user=postgres" + "' (", "jdbc:postgresql://127.0.0.1:5432/blog?user=postgres (")
                    .replace(classes, "target/classes"));
        } finally {
            dev.blogkit.TestDatabase.execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** Two users and three posts, two of them alice's; returns her first post's id. */
    private static long seed(dev.blogkit.Blog blog) {
        dev.blogkit.BlogRepository repo = blog.repository();
        long alice = repo.createUser("alice", "alice@example.com").getId();
        long bob = repo.createUser("bob", "bob@example.com").getId();
        long first = repo.createPost(alice, "Hello", "First post.", true).getId();
        repo.createPost(alice, "Again", "Second post.", false);
        repo.createPost(bob, "Hi", "Bob's post.", true);
        return first;
    }

    /** The README's transcript of BlogKit's own migrations, both ways, is what the jar prints. */
    @Test
    void theReadmesTranscriptOfMigrateInfoUndoAndValidateIsWhatTheJarPrints() throws Exception {
        transcript = new StringBuilder("$ ./mvnw -q package -DskipTests\n");
        shownJar = "target/blogkit-0.2.0-SNAPSHOT-cli.jar";
        assertThat(java("migrate").code).isZero();
        assertThat(java("info").code).isZero();
        assertThat(java("undo", "--dry-run").code).isZero();
        assertThat(java("undo").code).isZero();
        assertThat(java("validate").code).isEqualTo(BlogKitCli.FAILED);
        example.readme.ReadmeTranscripts.check("migrations-both-ways", transcript.toString()
                .replace(dir.toRealPath() + "/", "/home/me/").replace(dir + "/", "/home/me/"));
    }

    /** BlogKit's scripts come from the jar alone, even with a db/blogkit folder on the application's class path. */
    @Test
    void theJarsOwnScriptsAreTheOnlyBlogKitVersions() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("app-classes/db/blogkit/migration/sqlite"));
        Files.writeString(scripts.resolve("V11__oops.sql"), "DROP TABLE posts;");

        Result migrate = java("migrate", "--classpath", dir.resolve("app-classes").toString());
        Result info = java("info", "--classpath", dir.resolve("app-classes").toString());

        assertThat(migrate.code).as(migrate.err).isZero();
        assertThat(migrate.out).contains("to version 10").doesNotContain("V11");
        assertThat(info.out).contains("current version: 10").doesNotContain("oops");
        assertThat(dev.blogkit.TestDatabase.count(dir.resolve("blog.db"),
                "SELECT count(*) FROM sqlite_master WHERE name = 'posts'")).isEqualTo(1);
    }

    /** A password in the URL or in the environment never reaches the output, the libraries' logs included. */
    @Test
    void noPasswordReachesTheOutputEvenWithVerbose() throws Exception {
        String server = System.getenv(TestTarget.POSTGRES_URL_VARIABLE);
        org.assertj.core.api.Assumptions.assumeThat(server).as(TestTarget.POSTGRES_URL_VARIABLE + " is not set").isNotBlank();
        String schema = "blogkit_test_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        dev.blogkit.TestDatabase.execute(server, "CREATE SCHEMA " + schema);
        try {
            String url = server + (server.contains("?") ? "&" : "?") + "password=hunter2&currentSchema=" + schema;
            Result migrate = java("migrate", "--verbose", "--url", url);
            assertThat(migrate.code).as(migrate.err).isZero();
            assertThat(migrate.out + migrate.err).doesNotContain("hunter2").contains("password=***");

            String bare = server.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
            String noUser = bare + (bare.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            Result info = java(java.util.Map.of("BLOGKIT_PASSWORD", "hunter2"), "info", "--verbose", "--user", "postgres",
                    "--url", noUser);
            assertThat(info.code).as(info.err).isZero();
            assertThat(info.out).contains("current version: 10");
            assertThat(info.out + info.err).doesNotContain("hunter2");

            Result failed = java("info", "--verbose", "--url", "jdbc:postgresql://127.0.0.1:1/test?password=hunter2");
            assertThat(failed.code).isEqualTo(BlogKitCli.FAILED);
            assertThat(failed.out + failed.err).doesNotContain("hunter2");
        } finally {
            dev.blogkit.TestDatabase.execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** The command, then the application's options. */
    private static String[] with(String[] options, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }

    private Result java(String... args) throws Exception {
        return java(java.util.Map.of(), args);
    }

    /** What the commands run so far printed, as a README transcript shows it; null when not recording. */
    private StringBuilder transcript;
    /** How the transcript shows the jar. */
    private String shownJar = "blogkit-cli.jar";
    /** How the transcript shows the next command's arguments (a shell variable for options); null: as they are. */
    private String shownArgs;

    private Result java(java.util.Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", CLI_JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        if (transcript != null) {
            transcript.append("$ java -jar " + shownJar + " ").append(shownArgs != null ? shownArgs
                    : String.join(" ", List.of(args).stream().map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList()))
                    .append('\n').append(result.out).append(result.err);
            shownArgs = null;
        }
        return result;
    }

    private record Result(int code, String out, String err) {
    }
}
