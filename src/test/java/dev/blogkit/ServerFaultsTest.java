package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.blogkit.model.User;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bounded time against a PostgreSQL server that is frozen (SIGSTOP) or stopped: every call fails with a
 * {@link BlogException} instead of hanging. The faults are injected on a throwaway cluster of this test's own, on
 * another port (pg_createcluster, dropped afterwards), never on the shared server; skipped, and says so, where
 * the cluster tools or the rights to use them are missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerFaultsTest {

    private static final Duration HANG = Duration.ofSeconds(40);

    private String version;
    private String cluster;
    private int port;

    @BeforeAll
    void createCluster() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/pg_createcluster")) && "root".equals(System.getProperty("user.name")))
                .as("pg_createcluster and root are needed for a throwaway cluster: skipped").isTrue();
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        cluster = "blogkit_faults_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        run("pg_createcluster", version, cluster, "--port", String.valueOf(port), "--",
                "--auth-host=trust", "--auth-local=trust");
        run("pg_ctlcluster", version, cluster, "start");
    }

    @AfterAll
    void dropCluster() throws Exception {
        if (cluster != null) {
            signal("CONT");
            run("pg_dropcluster", "--stop", version, cluster);
        }
    }

    @Test
    void callsToAFrozenThenAStoppedServerFailInBoundedTime() throws Exception {
        BlogConfig config = BlogConfig.builder("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres")
                .connectionTimeout(Duration.ofSeconds(2)).statementTimeout(Duration.ofSeconds(2)).build();
        try (Blog blog = Blog.open(config)) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("alice", "alice@example.com");
            // a healthy long call is not bounded as a whole: each of its statements answers in time
            List<NewPost> posts = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                posts.add(new NewPost(alice.getId(), "post " + i, "body " + i, i % 2 == 0));
            }
            assertThat(repo.createPosts(posts)).hasSize(100_000);

            signal("STOP");
            try {
                assertFailsWithin(() -> repo.findUser(alice.getId()));
                assertFailsWithin(() -> repo.createUser("bob", "bob@example.com"));
            } finally {
                signal("CONT");
            }
            assertThat(repo.findUser(alice.getId())).as("the server answers again").isPresent();

            run("pg_ctlcluster", version, cluster, "stop", "-m", "fast");
            assertFailsWithin(() -> repo.findUser(alice.getId()));
            assertFailsWithin(() -> repo.createPost(alice.getId(), "t", "b", true));
        }
        assertFailsWithin(() -> Blog.open(config).close());
    }

    private static void assertFailsWithin(Runnable call) {
        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(call::run).isInstanceOf(BlogException.class),
                "a call to a frozen or stopped server must fail, not hang");
    }

    /** Sends the signal to the cluster's postmaster and every backend of it. */
    private void signal(String name) throws Exception {
        Path pidFile = Path.of("/var/lib/postgresql", version, cluster, "postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String postmaster = Files.readAllLines(pidFile).get(0).strip();
        List<String> pids = new ArrayList<>(List.of(postmaster));
        Process children = new ProcessBuilder("pgrep", "-P", postmaster).redirectErrorStream(true).start();
        children.waitFor(10, TimeUnit.SECONDS);
        pids.addAll(new String(children.getInputStream().readAllBytes()).lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList());
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        command.addAll(pids);
        run(command.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
