package dev.blogkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that pins a JUnit older than 5.13 (Spring Boot 3 does) is told in one line which JUnit
 * {@code @BlogKitTest} needs: a {@code @BlogKitTest} class run by JUnit 5.12.2's launcher (target/old-junit, copied
 * by the build) in a JVM of its own, with BlogKit's classes.
 */
class JUnitVersionCheckTest {

    private static final Path OLD_JUNIT = Path.of("target", "old-junit");

    @TempDir
    Path dir;

    @Test
    void withJUnit512ABlogKitTestClassSaysInOneLineWhichJUnitItNeeds() throws Exception {
        List<String> classpath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(OLD_JUNIT)) {
            jars.map(Path::toAbsolutePath).map(Path::toString).sorted().forEach(classpath::add);
        }
        classpath.add(Path.of("target", "classes").toAbsolutePath().toString());
        Path sources = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(sources.resolve("OldJUnitTest.java"), """
                package app;
                @dev.blogkit.testing.BlogKitTest
                class OldJUnitTest {
                    @org.junit.jupiter.api.Test
                    void runs() {
                    }
                }
                """);
        Files.writeString(sources.resolve("Run.java"), """
                package app;
                import org.junit.platform.launcher.core.LauncherFactory;
                import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
                import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
                import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;
                public class Run {
                    public static void main(String[] args) {
                        SummaryGeneratingListener summary = new SummaryGeneratingListener();
                        LauncherFactory.create().execute(request().selectors(selectClass("app.OldJUnitTest")).build(), summary);
                        System.out.println("succeeded: " + summary.getSummary().getTestsSucceededCount());
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String path = String.join(File.pathSeparator, classpath);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp", path,
                sources.resolve("OldJUnitTest.java").toString(), sources.resolve("Run.java").toString());
        assertThat(compiled).isZero();

        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", path + File.pathSeparator + classes, "app.Run")
                .redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();

        List<String> said = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("BlogKit: ")).toList();
        assertThat(said).singleElement().asString().startsWith(JUnitVersionCheck.NEEDS + "5.12.2")
                .contains("junit-bom 5.13.4 or later");
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("succeeded: 0");
    }

    @Test
    void withTheJUnitOfThisBuildItIsSilent() {
        assertThat(JUnitVersionCheck.olderJupiter(JUnitVersionCheckTest.class.getClassLoader())).isNull();
    }
}
