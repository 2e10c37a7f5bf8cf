package dev.blogkit.internal.replicas;

import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.errors.Masking;
import dev.blogkit.internal.jdbc.ConnectionPool;
import dev.blogkit.internal.jdbc.JdbcUrl;
import dev.blogkit.internal.metrics.CallMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * replica serves such a read only once it has replayed that position, as asked on the read's own connection just
 * before the read ({@code pg_last_wal_replay_lsn()}, one round trip, given {@link #PROBE_TIMEOUT_MILLIS} to
 * answer), again and again for at most the read-your-writes timeout; then the read goes to the primary. Nothing
 * seen earlier, on another connection, is trusted for it: a replica's replay goes back when it restarts recovery
 * (a crashed backend, a restart behind, a rebuilt standby, another server behind the same address), and a
 * connection that answered is one whose server has not restarted since (a restart ends every session). The
 * recovery process publishes a position only after it has applied the record, so a snapshot taken afterwards
 * sees the write.
 *
 * <p>The same look tells whether the replica still answers (a frozen one costs a read the probe time, not the
 * socket timeout), whether it is still in recovery, whether it is the server that was checked (its postmaster's
 * start time), whether its replay went back from what earlier looks saw, and how far behind it is: the time since
 * the primary was first seen past the position it has replayed (another thread notes the primary's position
 * every check interval). A replica that restarted, went back or is another server is not used until the next
 * check verifies it again (a replica of this primary, by system identifier, at its schema).
 *
 * <p>A checker thread per replica looks at it every check interval: up, in recovery, the same server, at the
 * primary's schema, and how far behind. A replica that fails any of these leaves the rotation until it passes
 * again; a read whose replica fails to give a connection, or loses it, marks the replica down at once.
 */
public final class ReadRouting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);

    /** A required position no replica can show: the read goes to the primary. */
    private static final long PRIMARY_ONLY = Long.MAX_VALUE;
    private static final long MAX_POLL_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * How long a look at a replica (a check, or the look before a read) waits for its answer before it counts the
     * replica as down: the most a frozen or unreachable replica costs a read that starts after it stopped.
     */
    public static final int PROBE_TIMEOUT_MILLIS = 2000;

    private final DataSource primary;
    private final List<Replica> replicas;
    private final List<String> historyTables;
    /** The primary's schema, as {@link #schemaOf} describes it, when the Blog opened. */
    private final String primarySchema;
    /** The primary's system identifier (every replica of it has the same); null if the server does not tell. */
    private final String primarySystemId;
    private final WriteTokens tokens;
    private final long readYourWritesNanos;
    private final long maxLagNanos;
    private final PrimaryPositions positions;
    private final AtomicLong latestWrite = new AtomicLong();
    /** The latest position the primary was seen at: by a write, a note, or a token's check. */
    private final AtomicLong primaryLatest = new AtomicLong();
    /** 0 while the latest write's position is known; else the time its reading failed (reads go to the primary). */
    private final AtomicLong positionUnknownSince = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService checker;
    private volatile boolean closed;

    private ReadRouting(DataSource primary, List<Replica> replicas, List<String> historyTables, String primarySchema,
            String primarySystemId, WriteTokens tokens, BlogConfig config) {
        this.primary = primary;
        this.replicas = replicas;
        this.historyTables = historyTables;
        this.primarySchema = primarySchema;
        this.primarySystemId = primarySystemId;
        this.tokens = tokens;
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
     * Opens a pool to each replica given by URL and checks each replica it reaches: that it is a replica of this
     * primary and has replayed the primary's schema (waiting up to the connection timeout); a replica it cannot
     * reach is skipped until it answers. Then starts the checks.
     *
     * @param tokens the write tokens of this database (signed with its key)
     * @throws BlogException naming the replica, if one is not a replica (of this primary), or not at the primary's
     *     schema in time
     */
    public static ReadRouting start(BlogConfig config, DataSource primary, WriteTokens tokens, CallMetrics metrics) {
        List<String> tables = new ArrayList<>(List.of("blogkit_schema_history"));
        config.migrationLocation().ifPresent(location -> tables.add(config.historyTable()));
        List<Replica> replicas = new ArrayList<>();
        ReadRouting routing = null;
        try {
            String schema;
            String systemId;
            try (Connection connection = primary.getConnection()) {
                schema = inAutoCommit(connection, () -> schemaOf(connection, tables));
                systemId = inAutoCommit(connection, () -> systemIdOf(connection));
            }
            for (BlogConfig.ReadReplica replica : config.readReplicas()) {
                ConnectionPool own = replica.jdbcUrl().isEmpty() ? null : ConnectionPool.replica(config,
                        JdbcUrl.parse(replica.jdbcUrl().get()), replicas.size() + 1, metrics);
                replicas.add(new Replica(replica.displayName(),
                        own != null ? own.dataSource() : replica.dataSource().get(), own));
            }
            routing = new ReadRouting(primary, List.copyOf(replicas), List.copyOf(tables), schema, systemId, tokens,
                    config);
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
            Verification verification;
            try (Connection connection = replica.dataSource.getConnection()) {
                state = probe(connection, () -> stateOf(connection));
                verification = state.inRecovery ? probe(connection, () -> verify(connection)) : null;
            } catch (SQLException | RuntimeException e) {
                down(replica, e);
                return;
            }
            if (!state.inRecovery) {
                throw new BlogException("the read replica " + replica.name + " is not a replica: it is not in "
                        + "recovery (pg_is_in_recovery() is false), so the primary's writes never reach it; give "
                        + "readReplicas a streaming replica of the primary");
            }
            if (!ofThisPrimary(verification)) {
                throw new BlogException("the read replica " + replica.name + " is not a replica of this primary: its "
                        + "system identifier is " + verification.systemId + ", the primary's " + primarySystemId
                        + "; give readReplicas a streaming replica of the primary");
            }
            if (verification.schema.equals(primarySchema)) {
                replica.verifiedAs(state);
                replica.up = true;
                replica.report(Replica.IN_USE, "reads use it");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BlogException("the read replica " + replica.name + " is not at the primary's schema: it has "
                        + verification.schema + ", the primary " + primarySchema + ", and it did not catch up within "
                        + "the connection timeout: is it a replica of this primary, in the same schema, and replaying?");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private boolean ofThisPrimary(Verification verification) {
        return primarySystemId == null || verification.systemId == null
                || primarySystemId.equals(verification.systemId);
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
        return tokens.token(latestWrite.get());
    }

    /**
     * The position a write token stands for: one of this database's tokens ({@link WriteTokens#position}), at or
     * before the primary's current position. A token past the last position seen is checked against the primary's
     * own, once (a token made in the last check interval, by another instance, is one); if the primary does not
     * answer, the token is taken as it is.
     *
     * @throws dev.blogkit.InvalidInputException if the token is not one of this database's, or names a position
     *     the primary has not reached (a token of a database since restored from a backup, say)
     */
    public long positionOf(String token) {
        long position = tokens.position(token);
        if (position > primaryLatest.get()) {
            long now;
            try {
                now = askPrimaryPosition(System.nanoTime());
            } catch (SQLException | RuntimeException e) {
                return position;
            }
            if (position > now) {
                throw new dev.blogkit.InvalidInputException("writeToken", "the write token names WAL position "
                        + WalPosition.format(position) + ", past the primary's current one (" + WalPosition.format(now)
                        + "): no write of this database made it (was the database restored from a backup?)");
            }
        }
        return position;
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

    /**
     * A connection that gives a read what it asks: a replica's, in rotation, that answers the look on that very
     * connection (see the class comment) as the same server, in recovery, within the lag limit and at or past
     * {@code required}; else one that gets there within the read-your-writes timeout; else the primary's.
     */
    public Lease lease(String operation, long required) {
        if (required != PRIMARY_ONLY) {
            int count = replicas.size();
            int first = Math.floorMod(next.getAndIncrement(), count);
            Look behind = null;
            for (int i = 0; i < count; i++) {
                Replica replica = replicas.get((first + i) % count);
                if (!replica.usable(maxLagNanos)) {
                    continue;
                }
                Look look = look(replica, true);
                if (look == null) {
                    continue;
                }
                if (look.replayed >= required) {
                    if (behind != null) {
                        behind.lease.close();
                    }
                    return look.lease;
                }
                if (behind == null) {
                    behind = look;
                } else {
                    look.lease.close();
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
                        Look look = look(replica, false);
                        if (look != null) {
                            return look.lease;
                        }
                    }
                }
            }
            throw DatabaseErrors.translate(e, operation + ": no read replica could serve the read, and the primary "
                    + "gave no connection");
        }
    }

    /** A replica's connection and what it answered: the position it has replayed, on that connection. */
    private record Look(Replica replica, Lease lease, long replayed) {
    }

    /**
     * A connection to the replica and its look ({@link #trusts}), or null, the connection given back, if it gives
     * none, does not answer in time, cannot be trusted, or (when {@code withinLag}) lags more than allowed.
     */
    private Look look(Replica replica, boolean withinLag) {
        Lease lease;
        try {
            lease = new Lease(replica.dataSource.getConnection(), replica);
        } catch (SQLException | RuntimeException e) {
            down(replica, e);
            return null;
        }
        long floor = replica.floor.get();
        State state;
        try {
            state = probe(lease.connection, () -> stateOf(lease.connection));
        } catch (SQLException | RuntimeException e) {
            lease.close();
            down(replica, e);
            return null;
        }
        if (!trusts(replica, state, floor)
                || withinLag && positions.lagNanos(state.replayed, System.nanoTime()) > maxLagNanos) {
            lease.close();
            return null;
        }
        return new Look(replica, lease, state.replayed);
    }

    /**
     * Whether a look's answer shows the server that was checked, in recovery, not gone back from what earlier looks
     * saw ({@code floor}, read before the look was sent); if not, the replica is not used until a check verifies it
     * again.
     */
    private boolean trusts(Replica replica, State state, long floor) {
        if (!state.inRecovery) {
            notAReplica(replica);
            return false;
        }
        if (!state.startedAt.equals(replica.startedAt)) {
            replica.verified = false;
            replica.report("restarted", "it restarted, or is another server (its postmaster started at "
                    + state.startedAt + ", the one checked at " + replica.startedAt + "): skipped until it is checked "
                    + "again");
            return false;
        }
        if (state.replayed < floor) {
            replica.verified = false;
            replica.floor.set(state.replayed);
            replica.report("went back", "its replay went back, from " + WalPosition.format(floor) + " to "
                    + WalPosition.format(state.replayed) + " (recovery restarted: a crash, a restart behind, a "
                    + "rebuilt standby): skipped until it is checked again");
            return false;
        }
        replica.floor.accumulateAndGet(state.replayed, Math::max);
        return true;
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

    /** Asks the replica, on the look's connection, until it has replayed {@code required} or the wait is over. */
    private Lease awaitReplay(Look look, long required) {
        Replica replica = look.replica;
        Lease lease = look.lease;
        long deadline = System.nanoTime() + readYourWritesNanos;
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(Math.min(pause, left));
                pause = Math.min(2 * pause, MAX_POLL_PAUSE_NANOS);
                long floor = replica.floor.get();
                State state = probe(lease.connection, () -> stateOf(lease.connection));
                if (!trusts(replica, state, floor)) {
                    break;
                }
                if (state.replayed >= required) {
                    return lease;
                }
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
            primaryLatest.accumulateAndGet(position, Math::max);
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
        long floor = replica.floor.get();
        State state;
        Verification verification = null;
        boolean sameServer;
        try (Connection connection = replica.dataSource.getConnection()) {
            state = probe(connection, () -> stateOf(connection));
            sameServer = replica.verified && state.startedAt.equals(replica.startedAt) && state.replayed >= floor;
            if (state.inRecovery && !sameServer) {
                verification = probe(connection, () -> verify(connection));
            }
        } catch (SQLException | RuntimeException e) {
            down(replica, e);
            return;
        }
        if (!state.inRecovery) {
            notAReplica(replica);
            return;
        }
        if (verification != null) {
            // a server to verify: new, restarted, gone back, or not yet at the schema
            if (!ofThisPrimary(verification)) {
                replica.up = false;
                replica.verified = false;
                replica.report("another primary's", "it is a replica of another primary (system identifier "
                        + verification.systemId + ", the primary's " + primarySystemId + "): skipped");
                return;
            }
            if (!verification.schema.equals(primarySchema)) {
                replica.verified = false;
                replica.report("schema", "it has " + verification.schema + ", the primary " + primarySchema
                        + ": skipped until it catches up");
                return;
            }
            replica.verifiedAs(state);
        } else {
            replica.floor.accumulateAndGet(state.replayed, Math::max);
        }
        replica.lagNanos = positions.lagNanos(state.replayed, System.nanoTime());
        replica.up = true;
        if (replica.lagNanos > maxLagNanos) {
            replica.report("lagging", "it lags the primary by " + TimeUnit.NANOSECONDS.toMillis(replica.lagNanos)
                    + " ms, more than maxReplicaLag: skipped until it catches up");
        } else {
            replica.report(Replica.IN_USE, "reads use it again");
        }
    }

    /** The server is not in recovery (promoted, or never a replica): it leaves the rotation. */
    private static void notAReplica(Replica replica) {
        replica.up = false;
        replica.report("not a replica", "it is not a replica (pg_is_in_recovery() is false): skipped");
    }

    private void down(Replica replica, Throwable failure) {
        if (closed) {
            // the Blog closes: its pools, closing, fail what the checks ask of them
            return;
        }
        replica.up = false;
        // a server that answers again at this address is checked afresh: its identity, schema and position
        replica.verified = false;
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

    private static final String STATE = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
            + "pg_postmaster_start_time()::text";

    /** Whether the server is in recovery, its replayed position, and when its postmaster started: one round trip. */
    private static State stateOf(Connection connection) throws SQLException {
        // prepared: pgJDBC keeps it on the connection, and the server's plan after a few runs (prepareThreshold)
        try (PreparedStatement statement = connection.prepareStatement(STATE);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return new State(rs.getBoolean(1), rs.getString(2) == null ? 0 : WalPosition.parse(rs.getString(2)),
                    rs.getString(3));
        }
    }

    /** What a check verifies of a server before reads use it: whose replica it is, and its schema. */
    private Verification verify(Connection connection) throws SQLException {
        return new Verification(systemIdOf(connection), schemaOf(connection, historyTables));
    }

    /** The server's system identifier ({@code pg_control_system()}), or null where the role may not read it. */
    private static String systemIdOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
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

    private record State(boolean inRecovery, long replayed, String startedAt) {
    }

    private record Verification(String systemId, String schema) {
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

    /** One replica: its connections and what the looks at it saw. */
    private static final class Replica {
        final String name;
        final DataSource dataSource;
        /** BlogKit's own pool (closed with the Blog); null for the application's data source. */
        final ConnectionPool ownPool;
        /**
         * The highest position the server that was verified has been seen to have replayed since; a look that sees
         * less saw its replay go back.
         */
        final AtomicLong floor = new AtomicLong();
        /** When the postmaster of the server that was verified started: another start time is another server. */
        volatile String startedAt = "";
        volatile boolean up;
        /** Whether the server was verified (a replica of this primary, at its schema) and has not changed since. */
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

        /** The server that answered with {@code state} passed verification: reads may use it. */
        void verifiedAs(State state) {
            startedAt = state.startedAt;
            floor.set(state.replayed);
            verified = true;
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
