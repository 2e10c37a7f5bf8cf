package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.model.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an application's log shows of BlogKit, in a JVM of its own with an SLF4J backend at INFO (or TRACE): a
 * failure BlogKit turns into its own exception logs nothing above DEBUG, one {@code Blog.open} logs one INFO line
 * of BlogKit's own, and no password reaches any line, at any level.
 */
class QuietLoggingTest extends EachDatabase {

    /** A password the database never checks (the test server trusts its clients), put where BlogKit must hide it. */
    static final String PASSWORD = "hunter2-not-for-logs";

    @Test
    void failuresBlogKitTranslatesLogNothingAboveDebugAndOpeningLogsOneLineOfItsOwn() throws Exception {
        List<String> output = runChild("info");

        assertThat(output).contains("-- opened", "-- failures done");
        assertThat(output).noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
        List<String> opening = between(output, "-- start", "-- opened");
        assertThat(opening).filteredOn(line -> line.contains(" INFO dev.blogkit")).hasSize(1)
                .allMatch(line -> line.contains("migrated"));
        assertThat(between(output, "-- opened", "-- failures done")).as("the failures' lines").isEmpty();
    }

    @Test
    void noPasswordReachesAnyLineEvenAtTrace() throws Exception {
        List<String> output = runChild("trace");

        assertThat(output).contains("-- failures done");
        assertThat(output.size()).as("trace lines").isGreaterThan(100);
        assertThat(output).noneMatch(line -> line.contains(PASSWORD));
    }

    private List<String> runChild(String level) throws Exception {
        String url = kind == TestTarget.Kind.SQLITE ? target.url() : target.url() + "&password=" + PASSWORD;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level, "-cp", System.getProperty("java.class.path"),
                Child.class.getName())
                .redirectErrorStream(true);
        // in the environment, not on the command line, which Hibernate's TRACE lines show with the system properties
        builder.environment().put(Child.URL_VARIABLE, url);
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor()).as(String.join("\n", output)).isZero();
        return output;
    }

    private static List<String> between(List<String> lines, String from, String to) {
        return new ArrayList<>(lines.subList(lines.indexOf(from) + 1, lines.indexOf(to)));
    }

    /** Opens a blog and makes every kind of failure BlogKit translates happen, with markers between. */
    public static final class Child {

        static final String URL_VARIABLE = "BLOGKIT_QUIET_TEST_URL";

        public static void main(String[] args) {
            System.err.println("-- start");
            try (Blog blog = Blog.open(System.getenv(URL_VARIABLE))) {
                System.err.println("-- opened");
                BlogRepository repository = blog.repository();
                User alice = repository.createUser("alice", "alice@example.com");
                expect(DuplicateException.class, () -> repository.createUser("alice", "other@example.com"));
                expect(DuplicateException.class, () -> repository.createUsers(List.of(
                        new NewUser("bob", "bob@example.com"), new NewUser("bob", "bob2@example.com"))));
                expect(DuplicateException.class, () -> repository.updateUser(
                        repository.createUser("carol", "carol@example.com").getId(), u -> u.setUsername("alice")));
                expect(NotFoundException.class, () -> repository.createPost(999_999, "Title", "Body", true));
                expect(InvalidInputException.class, () -> repository.createPost(alice.getId(), "a\u0000b", "Body", true));
                expect(InvalidInputException.class, () -> repository.createUser("x\uD800", "x@example.com"));
                System.err.println("-- failures done");
            }
        }

        private static void expect(Class<? extends BlogException> type, Runnable call) {
            try {
                call.run();
            } catch (BlogException e) {
                if (!type.isInstance(e)) {
                    throw e;
                }
                return;
            }
            throw new AssertionError("expected " + type.getSimpleName());
        }
    }
}
