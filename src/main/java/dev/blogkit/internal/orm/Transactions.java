package dev.blogkit.internal.orm;

import dev.blogkit.BlogException;
import dev.blogkit.OutcomeUnknownException;
import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.jdbc.SharedConnection;
import dev.blogkit.internal.replicas.ReadRouting;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.SharedSessionContract;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConnectionConfig;

/**
 * The one transaction helper: every repository call runs in exactly one transaction through it, and nothing
 * else opens a Hibernate session.
 *
 * <p>SQLite allows one writer at a time. A transaction that starts DEFERRED, reads, then writes must upgrade its
 * lock, and SQLite answers SQLITE_BUSY at once, without waiting, when another connection wrote meanwhile. So
 * write transactions begin IMMEDIATE (the wait for the lock happens at BEGIN, where the busy timeout applies),
 * and writers of this Blog queue first on a fair in-process lock, so that they take turns in order instead of
 * polling SQLite's busy handler. Readers begin DEFERRED and, with WAL, never wait. On PostgreSQL writers run side
 * by side: the server locks rows, not the database.
 *
 * <p>Connections stay in manual-commit mode (the pool hands them out so, and Hibernate is told not to switch
 * them): switching costs sqlite-jdbc a statement each way on every transaction. See
 * {@link #beginImmediateOnSqlite} for how a write begins IMMEDIATE on such a connection.
 */
public final class Transactions {

    private final SessionFactory sessionFactory;
    /** Null where the database lets writers run side by side (PostgreSQL). */
    private final ReentrantLock writeLock;
    private final long writeLockTimeoutMillis;
    /** The shared transaction ({@link #inShared}) that runs on this thread, if any; one per Blog. */
    private final ThreadLocal<Shared> current;
    /** For the Transactions that {@link #inShared} hands out: the shared transaction it belongs to; else null. */
    private final Shared boundTo;
    /** The Blog's Transactions: the copies {@link #inShared} hands out close with it. */
    private final Transactions blog;
    private volatile boolean closed;
    /** Where reads go when the Blog has read replicas; null when every call goes to the primary. */
    private final ReadRouting routing;
    /** The least WAL position reads must see beside the Blog's own writes (a write token's); 0 for none. */
    private final long seeing;

    /**
     * @param routing the Blog's read replicas, or null: read-only calls outside a shared transaction then go to a
     *     replica that has replayed the Blog's writes (see {@link ReadRouting}), writes note their position
     */
    public Transactions(SessionFactory sessionFactory, boolean oneWriterAtATime, long writeLockTimeoutMillis,
            ReadRouting routing) {
        this.sessionFactory = sessionFactory;
        this.writeLock = oneWriterAtATime ? new ReentrantLock(true) : null;
        this.writeLockTimeoutMillis = writeLockTimeoutMillis;
        this.current = new ThreadLocal<>();
        this.boundTo = null;
        this.blog = this;
        this.routing = routing;
        this.seeing = 0;
    }

    private Transactions(Transactions blog, Shared boundTo, long seeing) {
        this.sessionFactory = blog.sessionFactory;
        this.writeLock = blog.writeLock;
        this.writeLockTimeoutMillis = blog.writeLockTimeoutMillis;
        this.current = blog.current;
        this.boundTo = boundTo;
        this.blog = blog;
        this.routing = blog.routing;
        this.seeing = seeing;
    }

    /** These transactions, whose reads also see every write before the WAL position {@code position}. */
    public Transactions seeing(long position) {
        return new Transactions(blog, boundTo, Math.max(seeing, position));
    }

    /** One transaction that several calls share: its connection, the thread it belongs to, whether it is over. */
    private static final class Shared {
        final String operation;
        final Thread owner = Thread.currentThread();
        final SharedConnection connection;
        volatile boolean over;

        Shared(String operation, Connection connection) {
            this.operation = operation;
            this.connection = new SharedConnection(connection);
        }
    }

    /**
     * Runs {@code work} in one write transaction that every call of the Transactions it is given shares (and every
     * call of this one, on this thread, meanwhile): a call runs as it runs alone, with its own session, validation
     * and error translation, and a failed call undoes only what it wrote (a savepoint), but nothing commits until
     * work returns; if work throws, everything is rolled back. On SQLite, the whole takes the write lock once, as
     * one write.
     *
     * @throws BlogException if this thread is inside a shared transaction already (nesting is refused)
     */
    public <T> T inShared(String operation, Function<Transactions, T> work) {
        Shared running = current.get();
        if (running != null) {
            throw new BlogException(operation + ": this thread is inside " + running.operation + " already; "
                    + "transactions do not nest: make the calls with the repository it passes; nothing was changed");
        }
        return writeStateless(operation, session -> {
            Shared shared = new Shared(operation, session.doReturningWork(connection -> connection));
            current.set(shared);
            try {
                return work.apply(new Transactions(this, shared, 0));
            } finally {
                shared.over = true;
                current.remove();
            }
        });
    }

    /** Runs {@code work} in a read-only transaction: no flush, no dirty checking. */
    public <T> T read(String operation, Function<Session, T> work) {
        return run(operation, false, false, work);
    }

    /** Runs {@code work} in a write transaction, flushes, commits; rolls back if anything throws. */
    public <T> T write(String operation, Function<Session, T> work) {
        return locked(operation, () -> run(operation, true, false, work));
    }

    /**
     * Runs {@code work} in a read-only transaction of a stateless session: no persistence context, so nothing to
     * register, snapshot or flush; what it loads is detached at once, associations it did not fetch unloaded.
     */
    public <T> T readStateless(String operation, Function<StatelessSession, T> work) {
        return run(operation, false, true, work);
    }

    /**
     * {@link #readStateless}, in one snapshot of the database whatever number of statements work runs: what a page
     * and its totals need. SQLite's read transactions are snapshots already; on PostgreSQL, whose default (READ
     * COMMITTED) gives each statement its own, the transaction is made REPEATABLE READ, by its first statement.
     * Inside a shared transaction, work sees what the shared transaction sees.
     */
    public <T> T readSnapshot(String operation, Function<StatelessSession, T> work) {
        return readStateless(operation, session -> {
            // PostgreSQL is where there is no one-writer lock; a shared transaction has run statements already
            if (writeLock == null && current.get() == null) {
                session.doWork(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    }
                });
            }
            return work.apply(session);
        });
    }

    /**
     * Runs {@code work} in a write transaction of a stateless session (inserts go straight to JDBC batches, no
     * persistence context to flush), executes the pending batch, commits; rolls back if anything throws.
     */
    public <T> T writeStateless(String operation, Function<StatelessSession, T> work) {
        return locked(operation, () -> run(operation, true, true, work));
    }

    public void close() {
        closed = true;
    }

    /** A Transactions of a shared transaction serves only the thread of that transaction, while it runs. */
    private void refuseUnlessBound(String operation, Shared shared) {
        if (boundTo != null && shared != boundTo) {
            throw new BlogException(operation + ": this repository belongs to the " + boundTo.operation + " of thread "
                    + boundTo.owner.getName() + (boundTo.over ? ", which has ended" : "")
                    + "; use it only inside that work, on that thread; nothing was changed");
        }
    }

    private <T> T locked(String operation, java.util.function.Supplier<T> work) {
        // refused before it waits for the lock that the shared transaction's own thread holds
        refuseUnlessBound(operation, current.get());
        if (writeLock == null) {
            return work.get();
        }
        acquireWriteLock(operation);
        try {
            return work.get();
        } finally {
            writeLock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private <S extends SharedSessionContract, T> T run(String operation, boolean write, boolean stateless,
            Function<S, T> work) {
        if (blog.closed) {
            throw new BlogException(operation + ": this Blog is closed");
        }
        Shared shared = current.get();
        refuseUnlessBound(operation, shared);
        if (shared != null) {
            return inCall(operation, shared, write, stateless, work);
        }
        if (routing != null && !write) {
            return routed(operation, stateless, work);
        }
        T result;
        try (SharedSessionContract session = stateless ? sessionFactory.openStatelessSession()
                : sessionFactory.openSession()) {
            result = run(operation, session, write, write && writeLock != null, work);
        } catch (RuntimeException e) {
            RuntimeException failure = DatabaseErrors.translate(e, operation);
            if (routing != null && failure instanceof OutcomeUnknownException) {
                routing.writePositionUnknown();
            }
            throw failure;
        }
        if (routing != null) {
            routing.wrote();
        }
        return result;
    }

    /**
     * A read where the Blog has read replicas: on the connection {@link ReadRouting#lease} picks. A repository read
     * (stateless: it only returns what it read) whose replica fails it runs again on another server; a read that
     * runs the caller's code does not run twice.
     */
    private <S extends SharedSessionContract, T> T routed(String operation, boolean stateless, Function<S, T> work) {
        long required = routing.required(seeing);
        for (int attempt = 0; ; attempt++) {
            try (ReadRouting.Lease lease = routing.lease(operation, required)) {
                try (SharedSessionContract session = stateless
                        ? sessionFactory.withStatelessOptions().connection(lease.connection()).openStatelessSession()
                        : sessionFactory.withOptions().connection(lease.connection()).openSession()) {
                    return run(operation, session, false, false, work);
                } catch (RuntimeException e) {
                    if (!(routing.failed(lease, e) && stateless && attempt < routing.retries())) {
                        throw DatabaseErrors.translate(e, operation);
                    }
                }
            }
        }
    }

    /** One call inside a shared transaction: a session of its own on the shared connection, from a savepoint. */
    private <S extends SharedSessionContract, T> T inCall(String operation, Shared shared, boolean write,
            boolean stateless, Function<S, T> work) {
        try {
            Connection connection = shared.connection.beginCall();
            try (SharedSessionContract session = stateless
                    ? sessionFactory.withStatelessOptions().connection(connection).openStatelessSession()
                    : sessionFactory.withOptions().connection(connection).openSession()) {
                // the shared transaction began as a write: on SQLite, IMMEDIATE already
                return run(operation, session, write, false, work);
            } finally {
                shared.connection.endCall();
            }
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e, operation);
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e, operation);
        }
    }

    @SuppressWarnings("unchecked")
    private <S extends SharedSessionContract, T> T run(String operation, SharedSessionContract session, boolean write,
            boolean beginImmediate, Function<S, T> work) {
        if (!write && session instanceof Session stateful) {
            stateful.setDefaultReadOnly(true);
            stateful.setHibernateFlushMode(FlushMode.MANUAL);
        }
        Transaction transaction = session.getTransaction();
        if (beginImmediate) {
            session.doWork(Transactions::beginImmediateOnSqlite);
        }
        transaction.begin();
        try {
            T result = work.apply((S) session);
            if (write) {
                if (session instanceof Session stateful) {
                    stateful.flush();
                } else {
                    ((SharedSessionContractImplementor) session).getJdbcCoordinator().executeBatch();
                }
            }
            commit(operation, transaction, write);
            return result;
        } catch (Throwable failure) {
            rollback(transaction, failure);
            throw failure;
        }
    }

    /**
     * Commits. A write whose connection is lost during the commit may or may not have been committed by the
     * server: that, and only that, is an {@link OutcomeUnknownException}. A failure before the commit leaves
     * nothing behind (the server rolls back a transaction whose connection is gone).
     */
    private static void commit(String operation, Transaction transaction, boolean write) {
        try {
            transaction.commit();
        } catch (RuntimeException failure) {
            if (write && DatabaseErrors.isConnectionLost(failure)) {
                throw new OutcomeUnknownException(operation + ": the connection to the database was lost while it "
                        + "committed, so the change may or may not have been applied: read it back before you retry ("
                        + DatabaseErrors.rootMessage(failure) + ")", failure);
            }
            throw failure;
        }
    }

    /**
     * The pool's connections never leave manual-commit mode, and sqlite-jdbc begins a DEFERRED transaction right
     * after every commit and rollback, so one is open, with no lock and nothing read, whenever a transaction of
     * ours starts. A write replaces it with an IMMEDIATE one: a rollback, which the driver follows with a BEGIN in
     * the mode set at that moment. If that BEGIN outwaits the busy timeout, SQLite is left without a transaction
     * while the driver believes it has one (its next commit would fail): a DEFERRED BEGIN, which takes no lock and
     * cannot wait, puts the connection back as the pool expects it before the failure goes up.
     */
    private static void beginImmediateOnSqlite(Connection connection) throws SQLException {
        SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
        SQLiteConnectionConfig config = sqlite.getConnectionConfig();
        config.setTransactionMode(TransactionMode.IMMEDIATE);
        try {
            sqlite.rollback();
        } catch (SQLException busy) {
            config.setTransactionMode(TransactionMode.DEFERRED);
            try {
                config.setAutoCommit(true);
                sqlite.setAutoCommit(false);
            } catch (SQLException again) {
                busy.addSuppressed(again);
            }
            throw busy;
        } finally {
            config.setTransactionMode(TransactionMode.DEFERRED);
        }
    }

    private static void rollback(Transaction transaction, Throwable failure) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private void acquireWriteLock(String operation) {
        try {
            if (!writeLock.tryLock(writeLockTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new BlogException(operation + ": other writers of this Blog held the write lock for longer "
                        + "than the busy timeout (BlogConfig.Builder.busyTimeout); nothing was changed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlogException(operation + ": interrupted while waiting for the write lock; nothing was changed", e);
        }
    }
}
