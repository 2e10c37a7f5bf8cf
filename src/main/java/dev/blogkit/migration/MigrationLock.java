package dev.blogkit.migration;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets one migrator at a time change a database file: Flyway takes no lock on SQLite. The lock is an operating
 * system lock on a file beside the database ({@code blog.db-migration.lock}), so that it serializes processes
 * and is released when a process dies, even by kill -9; threads of one process queue on a lock of their own
 * first, because the operating system lock belongs to the whole process. The lock file stays: removing it
 * while another process waits on it would let a third one in.
 */
final class MigrationLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 50;

    private final ReentrantLock processLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private MigrationLock(ReentrantLock processLock, FileChannel channel, FileLock fileLock) {
        this.processLock = processLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static Path lockFile(Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + "-migration.lock");
    }

    /** Waits up to {@code timeout} for the lock of this database file. */
    static MigrationLock acquire(Path databaseFile, Duration timeout) {
        Path lockFile = lockFile(databaseFile).toAbsolutePath().normalize();
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
            return new MigrationLock(processLock, channel, fileLock);
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
        try {
            fileLock.release();
        } catch (IOException e) {
            log.warn("cannot release the migration lock {}", fileLock, e);
        } finally {
            closeQuietly(channel);
            processLock.unlock();
        }
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
