package dev.blogkit.internal.orm;

import dev.blogkit.BlogException;
import dev.blogkit.OutcomeUnknownException;
import dev.blogkit.internal.errors.DatabaseErrors;
import java.sql.Connection;
import java.sql.SQLException;
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
    private volatile boolean closed;

    public Transactions(SessionFactory sessionFactory, boolean oneWriterAtATime, long writeLockTimeoutMillis) {
        this.sessionFactory = sessionFactory;
        this.writeLock = oneWriterAtATime ? new ReentrantLock(true) : null;
        this.writeLockTimeoutMillis = writeLockTimeoutMillis;
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
     * Runs {@code work} in a write transaction of a stateless session (inserts go straight to JDBC batches, no
     * persistence context to flush), executes the pending batch, commits; rolls back if anything throws.
     */
    public <T> T writeStateless(String operation, Function<StatelessSession, T> work) {
        return locked(operation, () -> run(operation, true, true, work));
    }

    public void close() {
        closed = true;
    }

    private <T> T locked(String operation, java.util.function.Supplier<T> work) {
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
        if (closed) {
            throw new BlogException(operation + ": this Blog is closed");
        }
        try (SharedSessionContract session = stateless ? sessionFactory.openStatelessSession()
                : sessionFactory.openSession()) {
            if (!write && session instanceof Session stateful) {
                stateful.setDefaultReadOnly(true);
                stateful.setHibernateFlushMode(FlushMode.MANUAL);
            }
            Transaction transaction = session.getTransaction();
            begin(session, transaction, write);
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
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e, operation);
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

    private void begin(SharedSessionContract session, Transaction transaction, boolean write) {
        // the one-writer lock exists exactly where the database is SQLite
        if (write && writeLock != null) {
            session.doWork(Transactions::beginImmediateOnSqlite);
        }
        transaction.begin();
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
