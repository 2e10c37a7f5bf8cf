package dev.blogkit.internal.jdbc;

import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * The settings of every connection BlogKit opens, in one place.
 *
 * <p>SQLite: foreign keys on (ON DELETE CASCADE needs them; migrations turn them off while they rebuild tables and
 * check them afterwards), WAL, synchronous=NORMAL, the busy timeout, transactions DEFERRED unless a write asks for
 * IMMEDIATE. They win over the same settings in a URL's query string. A read-only connection gets no setting that
 * writes (no switch to WAL), so that a look at a file leaves its bytes as they were.
 *
 * <p>PostgreSQL: pgJDBC counts its connect, login and socket timeouts in whole seconds.
 */
public final class ConnectionSettings {

    private ConnectionSettings() {
    }

    /** An SQLite connection that reads and writes. */
    public static SQLiteConfig sqliteForWrites(Duration busyTimeout, boolean foreignKeys) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(foreignKeys);
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout((int) busyTimeout.toMillis());
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        return sqlite;
    }

    /** An SQLite connection opened read-only, changing nothing in the file. */
    public static SQLiteConfig sqliteForReads(Duration busyTimeout) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setReadOnly(true);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout((int) busyTimeout.toMillis());
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        return sqlite;
    }

    /** A timeout as pgJDBC takes it: whole seconds, rounded up, so that none becomes 0 (which means never). */
    public static int wholeSeconds(Duration timeout) {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }
}
