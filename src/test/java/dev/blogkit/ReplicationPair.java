package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL primary and a streaming replica of it, both throwaway clusters on ports of their own (never the shared
 * server): the pair {@code .ci/replication-pair up} made, named by {@code BLOGKIT_TEST_REPLICATION} (as
 * {@code .ci/run} sets it), or else one this class makes with that script and drops on {@link #close()}, where the
 * cluster tools and root are there; otherwise the tests that need it are skipped and say so. Each test class gets a
 * schema of its own on the primary, which the replica replays.
 */
final class ReplicationPair implements AutoCloseable {

    static final String VARIABLE = "BLOGKIT_TEST_REPLICATION";
    /** The lock of the test classes that use the pair: one at a time, since some stop, freeze or rebuild it. */
    static final String LOCK = "blogkit-replication-pair";
    private static final Path SCRIPT = Path.of(".ci/replication-pair");

    private final String version;
    private final String primaryCluster;
    private final int primaryPort;
    private final String replicaCluster;
    private final int replicaPort;
    /** The name given to the script when this class made the pair (and drops it); null for the variable's pair. */
    private final String ownName;
    final String schema = "blogkit_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    private ReplicationPair(String line, String ownName) {
        String[] fields = line.strip().split("\\s+");
        assertThat(fields).as(VARIABLE + ": VERSION PRIMARY PORT REPLICA PORT").hasSize(5);
        this.version = fields[0];
        this.primaryCluster = fields[1];
        this.primaryPort = Integer.parseInt(fields[2]);
        this.replicaCluster = fields[3];
        this.replicaPort = Integer.parseInt(fields[4]);
        this.ownName = ownName;
    }

    /** The pair of {@code BLOGKIT_TEST_REPLICATION}, or a new one; a schema of this test class's on it. */
    static ReplicationPair start() throws Exception {
        String line = System.getenv(VARIABLE);
        ReplicationPair pair;
        if (line != null && !line.isBlank()) {
            pair = new ReplicationPair(line, null);
        } else {
            assumeThat(Files.isExecutable(Path.of("/usr/bin/pg_createcluster"))
                    && "root".equals(System.getProperty("user.name")) && Files.isExecutable(SCRIPT))
                    .as(VARIABLE + " is not set, and pg_createcluster and root are needed to make a pair: skipped")
                    .isTrue();
            String name = "blogkit_pair_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            pair = new ReplicationPair(run(SCRIPT.toAbsolutePath().toString(), "up", name), name);
        }
        pair.startPrimary();
        pair.startReplica();
        pair.resumeReplay();
        pair.executeOnPrimary("CREATE SCHEMA " + pair.schema);
        return pair;
    }

    int primaryPort() {
        return primaryPort;
    }

    int replicaPort() {
        return replicaPort;
    }

    String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=postgres&currentSchema=" + schema;
    }

    String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres?user=postgres&currentSchema=" + schema;
    }

    /** A configuration of the primary with the replica, timeouts short enough for tests of faults. */
    BlogConfig.Builder config() {
        return BlogConfig.builder(primaryUrl()).readReplicas(replicaUrl())
                .connectionTimeout(Duration.ofSeconds(2)).statementTimeout(Duration.ofSeconds(5))
                .replicaCheckInterval(Duration.ofMillis(200)).maxReplicaLag(Duration.ofSeconds(60));
    }

    void executeOnPrimary(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=postgres");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The replica's answer to a query of one value. */
    String askReplica(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(replicaUrl());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs one statement on the replica (ALTER SYSTEM, a reload, a checkpoint), as the superuser. */
    void executeOnReplica(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres?user=postgres");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Delays the replica's replay of every commit by an hour ({@code recovery_min_apply_delay}), from the next
     * record on; {@link #undelayReplay} ends it.
     */
    void delayReplay() throws SQLException {
        executeOnReplica("ALTER SYSTEM SET recovery_min_apply_delay = '1h'");
        executeOnReplica("SELECT pg_reload_conf()");
    }

    /** Ends {@link #delayReplay}, waiting for the replica to answer if it is restarting. */
    void undelayReplay() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                executeOnReplica("ALTER SYSTEM RESET recovery_min_apply_delay");
                executeOnReplica("SELECT pg_reload_conf()");
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    /**
     * Kills one backend of the replica with SIGKILL: its postmaster then ends every session and restarts recovery
     * from the last restartpoint (crash recovery), and opens for reads again once consistent.
     */
    void killReplicaBackend() throws Exception {
        String pid;
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres?user=postgres");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getString(1);
            run("kill", "-9", pid);
        }
    }

    /** Stops the replica at once (no shutdown restartpoint: its next start runs crash recovery) and starts it. */
    void restartReplicaImmediately() throws Exception {
        run("pg_ctlcluster", version, replicaCluster, "stop", "-m", "immediate");
        startReplica();
    }

    /** A base backup of the primary, as of now, in a folder of its own: a replica's data, to rebuild it with. */
    Path baseBackup() throws Exception {
        Path backup = Path.of("/var/lib/postgresql", version, replicaCluster + "_rebuild");
        run("rm", "-rf", backup.toString());
        run("install", "-d", "-o", "postgres", "-g", "postgres", "-m", "700", backup.toString());
        run("runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(primaryPort),
                "-U", "postgres", "-D", backup.toString(), "-R", "-X", "stream", "--checkpoint=fast");
        return backup;
    }

    /**
     * Rebuilds the replica from {@code backup} (its data replaced, its settings kept), with {@code setting} added to
     * its postgresql.auto.conf, and starts it: a new server, at the backup's position, behind the address.
     */
    void rebuildReplica(Path backup, String setting) throws Exception {
        stopReplica();
        Path data = Path.of("/var/lib/postgresql", version, replicaCluster);
        run("runuser", "-u", "postgres", "--", "bash", "-c", "find '" + data + "' -mindepth 1 -delete && cp -a '"
                + backup + "'/. '" + data + "'/ && echo \"" + setting + "\" >> '" + data + "/postgresql.auto.conf'");
        run("rm", "-rf", backup.toString());
        startReplica();
    }

    /** Pauses replay: from now on, no record the replica receives is applied (the pause is requested at once). */
    void pauseReplay() throws SQLException {
        askReplica("SELECT pg_wal_replay_pause()");
        assertThat(askReplica("SELECT pg_get_wal_replay_pause_state()")).isIn("pause requested", "paused");
    }

    void resumeReplay() throws SQLException {
        askReplica("SELECT pg_wal_replay_resume()");
    }

    void stopReplica() throws Exception {
        run("pg_ctlcluster", version, replicaCluster, "stop", "-m", "fast");
    }

    void startReplica() throws Exception {
        startCluster(replicaCluster);
    }

    void stopPrimary() throws Exception {
        run("pg_ctlcluster", version, primaryCluster, "stop", "-m", "fast");
    }

    void startPrimary() throws Exception {
        startCluster(primaryCluster);
    }

    /** Freezes the replica (SIGSTOP to its postmaster and every backend): a server that takes no packet's answer. */
    void freezeReplica() throws Exception {
        signalReplica("STOP");
    }

    void thawReplica() throws Exception {
        signalReplica("CONT");
    }

    private void signalReplica(String signal) throws Exception {
        Path pidFile = Path.of("/var/lib/postgresql", version, replicaCluster, "postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String postmaster = Files.readAllLines(pidFile).get(0).strip();
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, postmaster));
        Process children = new ProcessBuilder("pgrep", "-P", postmaster).redirectErrorStream(true).start();
        command.addAll(new String(children.getInputStream().readAllBytes()).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList());
        children.waitFor(10, TimeUnit.SECONDS);
        run(command.toArray(String[]::new));
    }

    private void startCluster(String cluster) throws Exception {
        String status = run("pg_lsclusters", "-h", version, cluster);
        if (!status.contains("online")) {
            run("pg_ctlcluster", version, cluster, "start");
        }
    }

    /** Drops the schema (the pair stays as it came), and the pair itself if this class made it. */
    @Override
    public void close() throws Exception {
        try {
            thawReplica();
            startPrimary();
            startReplica();
            resumeReplay();
            executeOnPrimary("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            if (ownName != null) {
                run(SCRIPT.toAbsolutePath().toString(), "down", ownName);
            }
        }
    }

    /**
     * The pair for one test class, with BlogKit's schema migrated once on the primary (the replica replays it):
     * for a {@code @BeforeAll}; {@link #close()} in the {@code @AfterAll}.
     */
    static ReplicationPair startMigrated() throws Exception {
        ReplicationPair pair = start();
        Blog.open(BlogConfig.builder(pair.primaryUrl()).build()).close();
        return pair;
    }

    /** Whether a read of this Blog is answered by a replica ({@code pg_is_in_recovery()}). */
    static boolean readFromReplica(Blog blog) {
        return blog.inReadTransaction(session -> session.createNativeQuery("SELECT pg_is_in_recovery()", Boolean.class)
                .getSingleResult());
    }

    /** Waits until the condition holds, looking every 100 ms; fails the test if it does not within {@code bound}. */
    static void eventually(Duration bound, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the condition came true in time").isLessThan(deadline);
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Runs a command from the root directory: commands run as the postgres user (runuser) cannot enter the working
     * directory of a build in a clone only root may read (mktemp's 0700), and {@code find} then fails after it has
     * deleted, before the replica's data is copied back.
     */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(new java.io.File("/")).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output.lines().reduce((first, second) -> second).orElse("");
    }
}
