package dev.blogkit.internal.replicas;

import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.errors.Masking;
import dev.blogkit.internal.jdbc.ConnectionPool;
import dev.blogkit.internal.jdbc.JdbcUrl;
import dev.blogkit.internal.metrics.CallMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a Blog's reads go when it has read replicas, and what makes them see the Blog's own writes.
 *
 * <p>After each committed write, the primary's WAL insert position ({@code pg_current_wal_insert_lsn()}, at or past
 * the end of the write's commit record) is remembered: the latest of them is what every later read must see. A
 * replica serves such a read once its replayed position ({@code pg_last_wal_replay_lsn()}) is at or past it: known
 * from the last look at the replica, or asked on the read's own connection (one round trip), again and again for at
 * most the read-your-writes timeout; then the read goes to the primary. Replay positions only grow, and the
 * recovery process publishes one only after it has applied the record, so a snapshot taken afterwards sees the
 * write.
 *
 * <p>A checker thread per replica looks at it every check interval: up, in recovery, at the primary's schema, and
 * how far behind: the time since the primary was first seen past the position the replica has replayed (another
 * thread notes the primary's position every interval). A replica that fails any of these leaves the rotation until
 * it passes again; a read whose replica fails to give a connection, or loses it, marks the replica down at once.
 */
public final class ReadRouting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);

    /** A required position no replica can show: the read goes to the primary. */
    private static final long PRIMARY_ONLY = Long.MAX_VALUE;
    private static final long MAX_POLL_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long a look at a replica waits for its answer before it counts the replica as down. */
    private static final int PROBE_TIMEOUT_MILLIS = 2000;

    private final DataSource primary;
    private final List<Replica> replicas;
    private final List<String> historyTables;
    /** The primary's schema, as {@link #schemaOf} describes it, when the Blog opened. */
    private final String primarySchema;
    private final long readYourWritesNanos;
    private final long maxLagNanos;
    private final PrimaryPositions positions;
    private final AtomicLong latestWrite = new AtomicLong();
    /** 0 while the latest write's position is known; else the time its reading failed (reads go to the primary). */
    private final AtomicLong positionUnknownSince = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService checker;
    private volatile boolean closed;

    private ReadRouting(DataSource primary, List<Replica> replicas, List<String> historyTables, String primarySchema,
            BlogConfig config) {
        this.primary = primary;
        this.replicas = replicas;
        this.historyTables = historyTables;
        this.primarySchema = primarySchema;
        this.readYourWritesNanos = config.readYourWritesTimeout().toNanos();
        this.maxLagNanos = config.maxReplicaLag().toNanos();
        this.positions = new PrimaryPositions(2 * maxLagNanos + 2 * config.replicaCheckInterval().toNanos());
        AtomicInteger threads = new AtomicInteger();
        this.checker = Executors.newScheduledThreadPool(replicas.size() + 1, task -> {
            Thread thread = new Thread(task, "blogkit-replica-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens a pool to each replica given by URL and checks each replica it reaches: that it is a replica and has
     * replayed the primary's schema (waiting up to the connection timeout); a replica it cannot reach is skipped
     * until it answers. Then starts the checks.
     *
     * @throws BlogException naming the replica, if one is not a replica, or not at the primary's schema in time
     */
    public static ReadRouting start(BlogConfig config, DataSource primary, CallMetrics metrics) {
        List<String> tables = new ArrayList<>(List.of("blogkit_schema_history"));
        config.migrationLocation().ifPresent(location -> tables.add(config.historyTable()));
        List<Replica> replicas = new ArrayList<>();
        ReadRouting routing = null;
        try {
            String schema;
            try (Connection connection = primary.getConnection()) {
                schema = inAutoCommit(connection, () -> schemaOf(connection, tables));
            }
            for (BlogConfig.ReadReplica replica : config.readReplicas()) {
                ConnectionPool own = replica.jdbcUrl().isEmpty() ? null : ConnectionPool.replica(config,
                        JdbcUrl.parse(replica.jdbcUrl().get()), replicas.size() + 1, metrics);
                replicas.add(new Replica(replica.displayName(),
                        own != null ? own.dataSource() : replica.dataSource().get(), own));
            }
            routing = new ReadRouting(primary, List.copyOf(replicas), List.copyOf(tables), schema, config);
            long deadline = System.nanoTime() + config.connectionTimeout().toNanos();
            for (Replica replica : replicas) {
                routing.checkAtOpen(replica, deadline);
            }
            routing.startChecks(config.replicaCheckInterval().toNanos());
            return routing;
        } catch (SQLException | RuntimeException e) {
            if (routing != null) {
                routing.close();
            } else {
                replicas.forEach(Replica::close);
            }
            throw DatabaseErrors.translate(e, "cannot open the read replicas");
        }
    }

    private void checkAtOpen(Replica replica, long deadline) {
        while (true) {
            State state;
            try (Connection connection = replica.dataSource.getConnection()) {
                state = probe(connection, () -> stateOf(connection, true));
            } catch (SQLException | RuntimeException e) {
                down(replica, e);
                return;
            }
            if (!state.inRecovery) {
                throw new BlogException("the read replica " + replica.name + " is not a replica: it is not in "
                        + "recovery (pg_is_in_recovery() is false), so the primary's writes never reach it; give "
                        + "readReplicas a streaming replica of the primary");
            }
            if (state.schema.equals(primarySchema)) {
                replica.observe(state.replayed);
                replica.verified = true;
                replica.up = true;
                replica.report(Replica.IN_USE, "reads use it");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BlogException("the read replica " + replica.name + " is not at the primary's schema: it has "
                        + state.schema + ", the primary " + primarySchema + ", and it did not catch up within the "
                        + "connection timeout: is it a replica of this primary, in the same schema, and replaying?");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void startChecks(long intervalNanos) {
        checker.scheduleWithFixedDelay(this::notePrimaryPosition, 0, intervalNanos, TimeUnit.NANOSECONDS);
        for (Replica replica : replicas) {
            checker.scheduleWithFixedDelay(() -> check(replica), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The names of the replicas that reads use now. */
    public List<String> replicasInUse() {
        return replicas.stream().filter(r -> r.usable(maxLagNanos)).map(r -> r.name).toList();
    }

    /**
     * The least position a read must see: the latest write of the Blog, or {@code seeing} (a write token's) if
     * later; {@link #PRIMARY_ONLY} while the position of a write is unknown.
     */
    public long required(long seeing) {
        return positionUnknownSince.get() != 0 ? PRIMARY_ONLY : Math.max(latestWrite.get(), seeing);
    }

    /** The token of the Blog's writes so far. */
    public String writeToken() {
        return WalPosition.token(latestWrite.get());
    }

    /**
     * After a write committed: notes the primary's position, which is at or past the end of the write's commit
     * record. If the primary does not tell it (it failed right after the commit), reads go to the primary until a
     * later look at the primary's position.
     */
    public void wrote() {
        try {
            latestWrite.accumulateAndGet(askPrimaryPosition(System.nanoTime()), Math::max);
        } catch (SQLException | RuntimeException e) {
            writePositionUnknown();
            log.warn("BlogKit cannot read the primary's WAL position after a write ({}): reads go to the primary "
                    + "until it tells it", Masking.mask(DatabaseErrors.rootMessage(e)));
        }
    }

    /**
     * After a write whose outcome is unknown: reads go to the primary until a later look at its position (the next
     * write's, or the check's).
     */
    public void writePositionUnknown() {
        positionUnknownSince.set(Math.max(1, System.nanoTime()));
    }

    /** A connection that gives a read what it asks: see the class comment. */
    public Lease lease(String operation, long required) {
        if (required != PRIMARY_ONLY) {
            int count = replicas.size();
            int first = Math.floorMod(next.getAndIncrement(), count);
            Replica behind = null;
            for (int i = 0; i < count; i++) {
                Replica replica = replicas.get((first + i) % count);
                if (!replica.usable(maxLagNanos)) {
                    continue;
                }
                if (replica.replayed.get() >= required) {
                    Lease lease = connect(replica);
                    if (lease != null) {
                        return lease;
                    }
                } else if (behind == null) {
                    behind = replica;
                }
            }
            if (behind != null) {
                Lease lease = awaitReplay(behind, required);
                if (lease != null) {
                    return lease;
                }
            }
        }
        try {
            return new Lease(primary.getConnection(), null);
        } catch (SQLException | RuntimeException e) {
            if (required == 0) {
                // a read that asks for nothing may take a lagging replica rather than fail
                for (Replica replica : replicas) {
                    if (replica.up && replica.verified) {
                        Lease lease = connect(replica);
                        if (lease != null) {
                            return lease;
                        }
                    }
                }
            }
            throw DatabaseErrors.translate(e, operation + ": no read replica could serve the read, and the primary "
                    + "gave no connection");
        }
    }

    /**
     * A read on this lease failed: if it lost a replica's connection, the replica leaves the rotation until the
     * checker sees it answer again.
     *
     * @return whether the read may be run again elsewhere
     */
    public boolean failed(Lease lease, RuntimeException failure) {
        if (lease.replica != null && DatabaseErrors.isConnectionLost(failure)) {
            down(lease.replica, failure);
            return true;
        }
        return false;
    }

    /** At most how many times one read goes to another server after a replica failed it. */
    public int retries() {
        return replicas.size();
    }

    private Lease connect(Replica replica) {
        try {
            return new Lease(replica.dataSource.getConnection(), replica);
        } catch (SQLException | RuntimeException e) {
            down(replica, e);
            return null;
        }
    }

    /** Asks the replica, on the read's connection, until it has replayed {@code required} or the wait is over. */
    private Lease awaitReplay(Replica replica, long required) {
        Lease lease = connect(replica);
        if (lease == null) {
            return null;
        }
        long deadline = System.nanoTime() + readYourWritesNanos;
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        try {
            while (true) {
                long replayed = probe(lease.connection, () -> stateOf(lease.connection, false).replayed);
                replica.observe(replayed);
                if (replayed >= required) {
                    return lease;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(Math.min(pause, left));
                pause = Math.min(2 * pause, MAX_POLL_PAUSE_NANOS);
            }
        } catch (SQLException | RuntimeException e) {
            down(replica, e);
        }
        lease.close();
        return null;
    }

    private void notePrimaryPosition() {
        long before = System.nanoTime();
        try {
            positions.note(before, askPrimaryPosition(before));
        } catch (SQLException | RuntimeException e) {
            // the primary is down: writes say so; replicas keep serving reads
            log.debug("BlogKit cannot read the primary's WAL position: {}", Masking.mask(DatabaseErrors.rootMessage(e)));
        }
    }

    /**
     * The primary's WAL insert position, asked on a connection of its own, at or after {@code before}; it also covers
     * a write whose position was unknown since before then (see {@link #coverUnknownWrites}).
     */
    private long askPrimaryPosition(long before) throws SQLException {
        try (Connection connection = primary.getConnection()) {
            long position = inAutoCommit(connection, () -> primaryPosition(connection));
            coverUnknownWrites(before, position);
            return position;
        }
    }

    /**
     * The primary was at {@code position} after {@code before}: if a write's position was unknown since before then
     * (that write had committed, or failed, by the time its failure was seen), this position covers it.
     */
    private void coverUnknownWrites(long before, long position) {
        long unknownSince = positionUnknownSince.get();
        if (unknownSince != 0 && unknownSince < before) {
            latestWrite.accumulateAndGet(position, Math::max);
            positionUnknownSince.compareAndSet(unknownSince, 0);
        }
    }

    private void check(Replica replica) {
        State state;
        try (Connection connection = replica.dataSource.getConnection()) {
            state = probe(connection, () -> stateOf(connection, !replica.verified));
        } catch (SQLException | RuntimeException e) {
            down(replica, e);
            return;
        }
        if (!state.inRecovery) {
            replica.up = false;
            replica.report("not a replica", "it is not a replica (pg_is_in_recovery() is false): skipped");
            return;
        }
        if (!replica.verified && !state.schema.equals(primarySchema)) {
            replica.report("schema", "it has " + state.schema + ", the primary " + primarySchema + ": skipped until it "
                    + "catches up");
            return;
        }
        replica.verified = true;
        replica.observe(state.replayed);
        replica.lagNanos = positions.lagNanos(state.replayed, System.nanoTime());
        replica.up = true;
        if (replica.lagNanos > maxLagNanos) {
            replica.report("lagging", "it lags the primary by " + TimeUnit.NANOSECONDS.toMillis(replica.lagNanos)
                    + " ms, more than maxReplicaLag: skipped until it catches up");
        } else {
            replica.report(Replica.IN_USE, "reads use it again");
        }
    }

    private void down(Replica replica, Throwable failure) {
        if (closed) {
            // the Blog closes: its pools, closing, fail what the checks ask of them
            return;
        }
        replica.up = false;
        // a server that answers again at this address is checked afresh: its schema, and its position
        replica.verified = false;
        replica.replayed.set(0);
        replica.report("down", "it is down or unreachable (" + Masking.mask(DatabaseErrors.rootMessage(failure))
                + "): skipped until it answers");
    }

    /**
     * A look at a replica: {@link #inAutoCommit}, and given up after {@link #PROBE_TIMEOUT_MILLIS} without an answer
     * (the connection is then broken, and the replica marked down), so that a frozen or unreachable replica holds
     * neither a check nor a read for the socket timeout. A healthy replica answers these in well under a millisecond.
     */
    private static <T> T probe(Connection connection, SqlCall<T> query) throws SQLException {
        int before = connection.getNetworkTimeout();
        connection.setNetworkTimeout(Runnable::run, PROBE_TIMEOUT_MILLIS);
        T result;
        try {
            result = inAutoCommit(connection, query);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.setNetworkTimeout(Runnable::run, before);
            } catch (SQLException broken) {
                e.addSuppressed(broken);
            }
            throw e;
        }
        connection.setNetworkTimeout(Runnable::run, before);
        return result;
    }

    /** Runs {@code query} outside a transaction, so that it leaves none open, and puts the connection back. */
    private static <T> T inAutoCommit(Connection connection, SqlCall<T> query) throws SQLException {
        if (connection.getAutoCommit()) {
            return query.call();
        }
        connection.setAutoCommit(true);
        try {
            return query.call();
        } finally {
            connection.setAutoCommit(false);
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static long primaryPosition(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return WalPosition.parse(rs.getString(1));
        }
    }

    /** Whether the server is in recovery, its replayed position, and its schema if asked. */
    private State stateOf(Connection connection, boolean withSchema) throws SQLException {
        boolean inRecovery;
        long replayed;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")) {
            rs.next();
            inRecovery = rs.getBoolean(1);
            replayed = rs.getString(2) == null ? 0 : WalPosition.parse(rs.getString(2));
        }
        return new State(inRecovery, replayed, withSchema && inRecovery ? schemaOf(connection, historyTables) : null);
    }

    /**
     * What the history tables hold, as a short description that two databases share only if they are at the same
     * schema: each table's newest version, the number of versions applied, and the newest rank.
     */
    private static String schemaOf(Connection connection, List<String> tables) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (String table : tables) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*), coalesce(max(installed_rank), 0), (SELECT "
                         + "version FROM " + table + " WHERE success ORDER BY installed_rank DESC LIMIT 1) FROM "
                         + table + " WHERE success")) {
                rs.next();
                parts.add(table + " at version " + rs.getString(3) + " (" + rs.getLong(1) + " applied, rank "
                        + rs.getLong(2) + ")");
            } catch (SQLException e) {
                if (!"42P01".equals(e.getSQLState())) {
                    throw e;
                }
                parts.add("no " + table);
            }
        }
        return String.join(", ", parts);
    }

    private record State(boolean inRecovery, long replayed, String schema) {
    }

    /** Stops the checks and closes the pools BlogKit opened to the replicas. */
    @Override
    public void close() {
        closed = true;
        checker.shutdownNow();
        try {
            checker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            replicas.forEach(Replica::close);
        }
    }

    /** A connection for one read: to a replica, or to the primary ({@link #replica} null). Closing gives it back. */
    public static final class Lease implements AutoCloseable {
        private final Connection connection;
        private final Replica replica;

        Lease(Connection connection, Replica replica) {
            this.connection = connection;
            this.replica = replica;
        }

        public Connection connection() {
            return connection;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing a read connection failed: {}", Masking.mask(e.getMessage()));
            }
        }
    }

    /** One replica: its connections and what the last look at it saw. */
    private static final class Replica {
        final String name;
        final DataSource dataSource;
        /** BlogKit's own pool (closed with the Blog); null for the application's data source. */
        final ConnectionPool ownPool;
        /** The latest position it was seen to have replayed; 0 after it went down (to be learned again). */
        final AtomicLong replayed = new AtomicLong();
        volatile boolean up;
        /** Whether it was seen at the primary's schema since it last answered. */
        volatile boolean verified;
        volatile long lagNanos;
        /** The last state logged, so that each change is logged once; "" before the first. */
        private String reported = "";
        static final String IN_USE = "in use";

        Replica(String name, DataSource dataSource, ConnectionPool ownPool) {
            this.name = name;
            this.dataSource = dataSource;
            this.ownPool = ownPool;
        }

        boolean usable(long maxLagNanos) {
            return up && verified && lagNanos <= maxLagNanos;
        }

        void observe(long position) {
            replayed.accumulateAndGet(position, Math::max);
        }

        /** Logs the replica's state when it changed: {@code kind} names the state, {@code state} says it. */
        synchronized void report(String kind, String state) {
            if (!kind.equals(reported)) {
                boolean wasOut = !reported.isEmpty() && !reported.equals(IN_USE);
                reported = kind;
                if (kind.equals(IN_USE)) {
                    if (!wasOut) {
                        return;
                    }
                    log.info("BlogKit read replica {}: {}", name, state);
                } else {
                    log.warn("BlogKit read replica {}: {}", name, state);
                }
            }
        }

        void close() {
            if (ownPool != null) {
                ownPool.close();
            }
        }
    }

    /**
     * The primary's position, noted every check interval: a replica's lag is the time since the primary was first
     * seen past the position the replica has replayed (0 if it never was). Notes older than needed are forgotten;
     * the newest is always kept.
     */
    private static final class PrimaryPositions {
        private final Deque<long[]> notes = new ArrayDeque<>();
        private final long keepNanos;

        PrimaryPositions(long keepNanos) {
            this.keepNanos = keepNanos;
        }

        synchronized void note(long at, long position) {
            if (notes.isEmpty() || notes.peekLast()[1] < position) {
                notes.addLast(new long[] {at, position});
            }
            while (notes.size() > 1 && at - notes.peekFirst()[0] > keepNanos) {
                notes.removeFirst();
            }
        }

        synchronized long lagNanos(long replayed, long now) {
            for (long[] note : notes) {
                if (note[1] > replayed) {
                    return Math.max(0, now - note[0]);
                }
            }
            return 0;
        }
    }
}
