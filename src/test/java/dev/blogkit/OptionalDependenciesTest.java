package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BlogKit in an application that has only what BlogKit passes on: its own classes and its non-optional
 * dependencies, run in a child JVM whose class path is this test's without the optional ones (pgJDBC, Micrometer,
 * JUnit) and without the test classes.
 */
class OptionalDependenciesTest {

    /** The jars of BlogKit's optional dependencies (and what they bring), by file name. */
    static final List<String> OPTIONAL = List.of("postgresql-", "checker-qual-", "micrometer-", "HdrHistogram-",
            "LatencyUtils-", "junit-", "opentest4j-", "apiguardian-", "assertj-", "byte-buddy-agent-");

    @TempDir
    Path dir;

    private static List<String> applicationClassPath(Predicate<String> keep) {
        List<String> kept = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .filter(entry -> OPTIONAL.stream().noneMatch(Path.of(entry).getFileName().toString()::startsWith))
                .filter(keep)
                .toList();
        assertThat(kept).as("BlogKit's classes").anyMatch(entry -> entry.endsWith("classes"));
        return kept;
    }

    private Result java(List<String> classPath, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    record Result(int code, String out, String err) {
    }

    @Test
    void anApplicationWithoutMicrometerJunitOrPgjdbcRunsBlogKitOnSqlite() throws Exception {
        Result demo = java(applicationClassPath(entry -> true), "dev.blogkit.demo.BlogDemo");

        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.err()).isEmpty();
        assertThat(demo.out()).contains("alice");
        assertThat(dir.resolve("blog.db")).exists();
    }

    /**
     * Issue 31: frameworks reflect over builders (getMethods, as Spring's binder does); without Micrometer no
     * public class of BlogKit may name one of its types in a signature.
     */
    @Test
    void everyPublicSignatureOfBlogKitLoadsWithoutMicrometer() throws Exception {
        java.nio.file.Path source = dir.resolve("Reflect.java");
        java.nio.file.Files.writeString(source, """
                public class Reflect {
                    public static void main(String[] args) throws Exception {
                        for (String name : args) {
                            Class<?> type = Class.forName(name);
                            System.out.println(name + " " + type.getMethods().length + " "
                                    + type.getConstructors().length);
                        }
                    }
                }
                """);
        String[] classes = {"dev.blogkit.Blog", "dev.blogkit.BlogConfig", "dev.blogkit.BlogConfig$Builder",
                "dev.blogkit.BlogRepository", "dev.blogkit.migration.Migrations", "dev.blogkit.migration.BlogCopy"};
        // the single-file source launcher: the file is the program, the classes its arguments
        Result reflected = java(applicationClassPath(entry -> true), source.toString(), classes);

        assertThat(reflected.code()).as(reflected.err()).isZero();
        assertThat(reflected.out().lines()).hasSize(classes.length);
    }

    /**
     * Given a PostgreSQL URL without pgJDBC, the command line (run from BlogKit's classes, as an application would
     * call it) fails with one line naming the artifact and touches nothing (port 1: nothing listens; the refusal
     * comes before any connection), and the URL's password is not in it.
     */
    @Test
    void anApplicationWithoutPgjdbcIsToldWhatToAdd() throws Exception {
        Result info = java(applicationClassPath(entry -> true), "dev.blogkit.cli.BlogKitCli",
                "info", "--url", "jdbc:postgresql://127.0.0.1:1/blog?user=app&password=secret");

        assertThat(info.code()).isNotZero();
        assertThat(info.out()).isEmpty();
        assertThat(info.err().lines().toList()).singleElement().asString()
                .contains("the PostgreSQL JDBC driver (org.postgresql.Driver) is not on the class path")
                .contains("add the dependency org.postgresql:postgresql")
                .doesNotContain("secret");
    }
}
