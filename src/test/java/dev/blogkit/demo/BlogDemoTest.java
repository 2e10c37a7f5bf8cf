package dev.blogkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.BlogException;
import dev.blogkit.TestTarget;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo: by default on a {@code blog.db} file in the working directory, which it replaces each run; given a
 * URL, on that database (here a fresh PostgreSQL schema, skipped without the server), which must hold no user.
 */
class BlogDemoTest {

    static final List<String> FULL_EXAMPLE = List.of(
            "alice has 2 posts:",
            "  - First post (published=true)",
            "  - Draft (published=false)");

    @TempDir
    Path dir;

    @Test
    void printsTheTutorialsFullExampleAndCanRunTwiceInARow() {
        Path file = dir.resolve("blog.db");

        List<String> first = run(file);
        List<String> second = run(file);

        assertThat(Collections.indexOfSubList(first, FULL_EXAMPLE)).isZero();
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("Updated: Hello BlogKit (updated)", "bob's bio: Writes about Java.",
                "Published posts: 2", "alice 2", "bob 1",
                "Permalink: /posts/creme-brulee-at-last",
                "The old permalink finds post 5, now at /posts/creme-brulee",
                "Scheduled: true; listed among the published posts: false",
                "A second save from the same form is refused: version 1 is now 2",
                "Tags of /posts/creme-brulee: [Desserts, French]",
                "Tagged desserts: Crème brûlée, at last! at /posts/creme-brulee",
                "Tag Desserts: 1 post(s)", "Tag French: 1 post(s)",
                "Search \"custard\": 2 post(s), the title match first",
                "  Custard, the French way at /posts/custard-the-french-way",
                "  Crème brûlée, at last! at /posts/creme-brulee",
                "Search \"creme -brulee\": [Custard, the French way]",
                "Published posts, page 1 of 2 (4 posts): [Custard, the French way, Crème brûlée, at last!]",
                "BOB@EXAMPLE.COM is bob");
        assertThat(Files.exists(file)).isTrue();
    }

    /**
     * In a JVM of its own, as {@code ./mvnw -q exec:java} runs it: the demo's lines and nothing else. The test
     * class path has an SLF4J backend at level WARN, so an INFO line could only come from a library that
     * bypasses SLF4J, as Hibernate does through java.util.logging unless BlogKit routes it.
     */
    @Test
    void printsOnlyItsOwnLinesInAFreshJvm() throws Exception {
        List<String> expected = run(dir.resolve("expected.db"));
        Path workDir = Files.createDirectory(dir.resolve("work"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BlogDemo.class.getName())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(process.waitFor()).isZero();
        assertThat(output).isEqualTo(expected);
        assertThat(workDir.resolve("blog.db")).exists();
    }

    /** The demo given a URL prints what it prints on its own file, and never touches a database that has users. */
    @Nested
    @ParameterizedClass
    @EnumSource(TestTarget.Kind.class)
    class OnAUrl {

        @Parameter
        TestTarget.Kind kind;
        TestTarget target;

        @BeforeEach
        void createTarget() throws Exception {
            target = TestTarget.create(kind, Files.createDirectories(dir.resolve(kind.name())));
        }

        @AfterEach
        void dropTarget() {
            if (target != null) {
                target.close();
            }
        }

        @Test
        void printsWhatItPrintsOnItsOwnFileAndRefusesToRunTwice() throws Exception {
            List<String> expected = run(dir.resolve("expected.db"));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            BlogDemo.run(target.url(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

            assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(expected);
            List<List<java.util.Map<String, Object>>> before = target.snapshot();
            assertThatThrownBy(() -> BlogDemo.run(target.url(), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8))).isInstanceOf(BlogException.class).hasMessageContaining("without users");
            assertThat(target.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void neverReplacesADatabaseItDidNotCreate() throws Exception {
        Path file = dir.resolve("blog.db");
        try (dev.blogkit.Blog blog = dev.blogkit.Blog.open("jdbc:sqlite:" + file)) {
            blog.repository().createUser("carol", "carol@example.com");
        }
        byte[] users = Files.readAllBytes(file);
        Path empty = dir.resolve("empty").resolve("blog.db");
        Files.createDirectories(empty.getParent());
        Files.createFile(empty);

        assertThatThrownBy(() -> run(file)).isInstanceOf(BlogException.class)
                .hasMessageContaining("not created by the demo").hasMessageContaining("refusing to replace it");
        assertThatThrownBy(() -> run(empty)).isInstanceOf(BlogException.class)
                .hasMessageContaining("not created by the demo");

        assertThat(Files.readAllBytes(file)).isEqualTo(users);
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void refusesItsOwnFileOnceSomeoneAddedAUserToIt() throws Exception {
        Path file = dir.resolve("blog.db");
        run(file);
        try (dev.blogkit.Blog blog = dev.blogkit.Blog.open("jdbc:sqlite:" + file)) {
            blog.repository().createUser("carol", "carol@example.com");
        }

        assertThatThrownBy(() -> run(file)).isInstanceOf(BlogException.class).hasMessageContaining("users added since");
        assertThat(dev.blogkit.TestDatabase.count(file, "SELECT count(*) FROM users WHERE username = 'carol'")).isEqualTo(1);
    }

    private static List<String> run(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BlogDemo.run(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
