package dev.blogkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code blogkit-<version>-cli.jar}, run with {@code java -jar} on real files (failsafe, in verify). */
class CliJarIT {

    static final Path CLI_JAR = Path.of(System.getProperty("blogkit.cliJar", "target/blogkit-cli.jar"));

    @TempDir
    Path dir;

    @Test
    void theCliJarMigratesUndoesListsAndValidatesARealFileQuietly() throws Exception {
        Result migrate = java("migrate");
        assertThat(migrate.code).isZero();
        assertThat(migrate.out).contains("migrated the empty schema to version 3");
        assertThat(migrate.err).isEmpty();
        assertThat(dir.resolve("blog.db")).exists();

        Result info = java("info");
        assertThat(info.out).contains("create users and posts", "add user bio", "add blogkit settings", "current version: 3");
        assertThat(info.err).isEmpty();

        Result validate = java("validate");
        assertThat(validate.code).isZero();
        assertThat(validate.out).startsWith("valid:");
        assertThat(validate.err).isEmpty();

        Result undo = java("undo");
        assertThat(undo.out).contains("undid version 3 to version 2", "before-undo-V3");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(name -> name.startsWith("blog.before-undo-V3-"));
        }

        Result dryRun = java("migrate", "--dry-run");
        assertThat(dryRun.out).contains("CREATE TABLE blogkit_settings");
        assertThat(java("info").out).contains("current version: 2");
    }

    @Test
    void verboseShowsTheLogsAndErrorsAreOneLineWithoutAStackTrace() throws Exception {
        Result verbose = java("migrate", "--verbose");
        assertThat(verbose.code).isZero();
        assertThat(verbose.err).contains("INFO");

        Result unknown = java("frobnicate");
        assertThat(unknown.code).isEqualTo(BlogKitCli.USAGE);
        assertThat(unknown.err.lines().toList()).singleElement().asString().startsWith("error: ");

        Result badVersion = java("migrate", "--target", "42");
        assertThat(badVersion.code).isEqualTo(BlogKitCli.FAILED);
        assertThat(badVersion.err.lines().toList()).singleElement().asString().contains("unknown version '42'");

        Result badUrl = java("info", "--url", "jdbc:oracle:thin:@db");
        assertThat(badUrl.code).isEqualTo(BlogKitCli.FAILED);
        assertThat(badUrl.err.lines().toList()).singleElement().asString().contains("unsupported JDBC URL");
    }

    @Test
    void theApplicationsEntitiesComeFromItsClasspathForCheckGenerateAndValidate() throws Exception {
        // the jar does not hold the test classes: example.app.Comment comes from --classpath only
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        String[] app = {"--entities", "example.app.Comment", "--classpath", classes,
                "--migrations", "filesystem:" + dir.resolve("comments"), "--history", "comments_schema_history"};
        java("migrate");

        Result check = java(with(app, "check"));
        assertThat(check.code).as(check.err).isEqualTo(BlogKitCli.FAILED);
        assertThat(check.out).contains("+ table comments (id, body, created_at, post_id)");

        Result generate = java(with(app, "generate", "create comments"));
        assertThat(generate.code).as(generate.err).isZero();
        assertThat(dir.resolve("comments/migration/sqlite/V1__create_comments.sql")).exists();
        assertThat(java(with(app, "migrate")).out).contains("V1__create_comments.sql");

        Result validate = java(with(app, "validate"));
        assertThat(validate.code).as(validate.out + validate.err).isZero();
        assertThat(java(with(app, "check")).code).isZero();
        assertThat(validate.err).isEmpty();
    }

    /** The command, then the application's options. */
    private static String[] with(String[] options, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }

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

    private Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", CLI_JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
