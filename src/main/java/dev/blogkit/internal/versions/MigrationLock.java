package dev.blogkit.internal.versions;

import dev.blogkit.migration.MigrationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one migrator at a time change a database: a migrate or an undo holds it from the moment it reads the
 * history until it is done.
 *
 * <p>SQLite: Flyway takes no lock there. The lock is an operating system lock on a file beside the database
 * ({@code blog.db-migration.lock}), so that it serializes processes and is released when a process dies, even
 * by kill -9; threads of one process queue on a lock of their own first, because the operating system lock
 * belongs to the whole process. The lock file stays: removing it while another process waits on it would let
 * a third one in.
 *
 * <p>PostgreSQL: a session advisory lock, held by a connection of its own and released when that connection
 * closes, whatever happens to the process (Flyway's own lock covers only its migrate, not BlogKit's undo). Its
 * key is BlogKit's and the schema's: blogs in other schemas of the same database migrate side by side.
 */
public final class MigrationLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;
    /** The first half of the PostgreSQL advisory lock key ("BlgK" in ASCII); the second is the schema's hash. */
    private static final int POSTGRESQL_KEY = 0x426c674b;

    private final Runnable release;

    private MigrationLock(Runnable release) {
        this.release = release;
    }

    /** Waits up to {@code timeout} for the advisory lock of the PostgreSQL schema of {@code dataSource}. */
    public static MigrationLock acquire(DataSource dataSource, Duration timeout) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET lock_timeout = " + timeout.toMillis());
                statement.execute("SELECT pg_advisory_lock(" + POSTGRESQL_KEY + ", hashtext(current_schema()))");
            }
            Connection held = connection;
            return new MigrationLock(() -> {
                try {
                    held.close();
                } catch (SQLException e) {
                    log.warn("cannot close the migration lock's connection", e);
                }
            });
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new MigrationException("cannot take the migration lock of the database: " + e.getMessage(), e);
        }
    }


    /** Waits up to {@code timeout} for the lock of this database file. */
    public static MigrationLock acquire(Path databaseFile, Duration timeout) {
        Path lockFile = SqliteFile.lockFile(databaseFile).toAbsolutePath().normalize();
        long deadline = System.nanoTime() + timeout.toNanos();
        ReentrantLock processLock = IN_PROCESS.computeIfAbsent(lockFile, f -> new ReentrantLock(true));
        if (processLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already holds the migration lock of " + databaseFile);
        }
        try {
            if (!processLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(databaseFile, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for the migration lock of " + databaseFile, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                log.info("waiting for another process that is migrating {}", databaseFile);
            }
            while (fileLock == null) {
                if (System.nanoTime() > deadline) {
                    throw timedOut(databaseFile, timeout);
                }
                Thread.sleep(POLL_MILLIS);
                fileLock = channel.tryLock();
            }
            FileChannel held = channel;
            FileLock heldLock = fileLock;
            return new MigrationLock(() -> {
                try {
                    heldLock.release();
                } catch (IOException e) {
                    log.warn("cannot release the migration lock {}", heldLock, e);
                } finally {
                    closeQuietly(held);
                    processLock.unlock();
                }
            });
        } catch (IOException | RuntimeException | InterruptedException e) {
            closeQuietly(channel);
            processLock.unlock();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof MigrationException migrationException) {
                throw migrationException;
            }
            throw new MigrationException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        release.run();
    }

    private static MigrationException timedOut(Path databaseFile, Duration timeout) {
        return new MigrationException("another migration of " + databaseFile + " held the migration lock for more than "
                + timeout.toSeconds() + " s; nothing was changed");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("cannot close the migration lock file", e);
            }
        }
    }
}
