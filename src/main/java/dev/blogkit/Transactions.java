package dev.blogkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
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
        return run(operation, false, work);
    }

    /** Runs {@code work} in a write transaction, flushes, commits; rolls back if anything throws. */
    <T> T write(String operation, Function<Session, T> work) {
        if (writeLock == null) {
            return run(operation, true, work);
        }
        acquireWriteLock(operation);
        try {
            return run(operation, true, work);
        } finally {
            writeLock.unlock();
        }
    }

    void close() {
        closed = true;
    }

    private <T> T run(String operation, boolean write, Function<Session, T> work) {
        if (closed) {
            throw new BlogException(operation + ": this Blog is closed");
        }
        try (Session session = sessionFactory.openSession()) {
            if (!write) {
                session.setDefaultReadOnly(true);
                session.setHibernateFlushMode(FlushMode.MANUAL);
            }
            Transaction transaction = session.getTransaction();
            begin(session, transaction, write);
            try {
                T result = work.apply(session);
                if (write) {
                    session.flush();
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

    private static void begin(Session session, Transaction transaction, boolean write) {
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
