package dev.blogkit;

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
 * <p>sqlite-jdbc reads its transaction mode when it starts a transaction, which it also does right after every
 * commit; the mode is IMMEDIATE only for the BEGIN of a write transaction and DEFERRED again right after, so
 * that the transaction the driver opens after a commit takes no lock.
 */
final class Transactions {

    private final SessionFactory sessionFactory;
    /** Null where the database lets writers run side by side (PostgreSQL). */
    private final ReentrantLock writeLock;
    private final long writeLockTimeoutMillis;
    private volatile boolean closed;

    Transactions(SessionFactory sessionFactory, boolean oneWriterAtATime, long writeLockTimeoutMillis) {
        this.sessionFactory = sessionFactory;
        this.writeLock = oneWriterAtATime ? new ReentrantLock(true) : null;
        this.writeLockTimeoutMillis = writeLockTimeoutMillis;
    }

    /** Runs {@code work} in a read-only transaction: no flush, no dirty checking. */
    <T> T read(String operation, Function<Session, T> work) {
        return run(operation, false, false, work);
    }

    /** Runs {@code work} in a write transaction, flushes, commits; rolls back if anything throws. */
    <T> T write(String operation, Function<Session, T> work) {
        return locked(operation, () -> run(operation, true, false, work));
    }

    /**
     * Runs {@code work} in a read-only transaction of a stateless session: no persistence context, so nothing to
     * register, snapshot or flush; what it loads is detached at once, associations it did not fetch unloaded.
     */
    <T> T readStateless(String operation, Function<StatelessSession, T> work) {
        return run(operation, false, true, work);
    }

    /**
     * Runs {@code work} in a write transaction of a stateless session (inserts go straight to JDBC batches, no
     * persistence context to flush), executes the pending batch, commits; rolls back if anything throws.
     */
    <T> T writeStateless(String operation, Function<StatelessSession, T> work) {
        return locked(operation, () -> run(operation, true, true, work));
    }

    void close() {
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
                transaction.commit();
                return result;
            } catch (Throwable failure) {
                rollback(transaction, failure);
                throw failure;
            }
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e, operation);
        }
    }

    private static void begin(SharedSessionContract session, Transaction transaction, boolean write) {
        if (!write) {
            transaction.begin();
            return;
        }
        session.doWork(connection -> setSqliteTransactionMode(connection, TransactionMode.IMMEDIATE));
        try {
            transaction.begin();
        } finally {
            session.doWork(connection -> setSqliteTransactionMode(connection, TransactionMode.DEFERRED));
        }
    }

    private static void setSqliteTransactionMode(Connection connection, TransactionMode mode) throws SQLException {
        if (connection.isWrapperFor(SQLiteConnection.class)) {
            connection.unwrap(SQLiteConnection.class).getConnectionConfig().setTransactionMode(mode);
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
