package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.internal.jdbc.ConnectionSettings;
import dev.blogkit.migration.MigrationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/** The SQLite file that migrations change: its checks, its connections and its backups. */
public final class SqliteFile {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private SqliteFile() {
    }

    /**
     * Refuses a directory, or a file that exists but is not an SQLite database, before anything opens it, so
     * that it is left byte for byte as it was, and a missing folder. An empty file is a valid, empty database.
     */
    static void refuseUnlessSqlite(Path file) {
        if (Files.isDirectory(file)) {
            throw new BlogException(file + " is a directory, not an SQLite database file");
        }
        if (!Files.exists(file)) {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new BlogException("cannot create the database " + file + ": the folder " + folder + " does not exist");
            }
            return;
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new BlogException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (read > 0 && (read < header.length || !Arrays.equals(header, SQLITE_HEADER))) {
            throw new BlogException(file + " is not an SQLite database (its first bytes are not the SQLite header); "
                    + "BlogKit left it untouched");
        }
    }

    /**
     * Unpooled connections with the settings every BlogKit connection has ({@link ConnectionSettings}), foreign
     * keys on unless {@code foreignKeys} is false: migrations change the schema with them off and check them
     * afterwards ({@link ForeignKeyCheck}). Autocommit: the undo issues BEGIN IMMEDIATE and COMMIT itself.
     */
    public static DataSource dataSource(BlogConfig config, boolean foreignKeys) {
        SQLiteDataSource dataSource = new SQLiteDataSource(ConnectionSettings.sqliteForWrites(config.busyTimeout(),
                foreignKeys));
        dataSource.setUrl(config.jdbcUrl());
        return dataSource;
    }

    /**
     * Connections that only read: opened read-only, with no setting that writes (no switch to WAL), so that a
     * look at the file leaves its bytes as they were.
     */
    public static DataSource readOnlyDataSource(BlogConfig config) {
        SQLiteDataSource dataSource = new SQLiteDataSource(ConnectionSettings.sqliteForReads(config.busyTimeout()));
        dataSource.setUrl(config.jdbcUrl());
        return dataSource;
    }

    /** The last element of a path, as text: "" for a root, which names no file. */
    public static String fileName(Path path) {
        Path name = path.getFileName();
        return name == null ? "" : name.toString();
    }

    /** The folder a file is in, as an absolute path. */
    public static Path folderOf(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null) {
            throw new MigrationException("a file is needed, not the root folder: " + file);
        }
        return folder;
    }

    /**
     * Removes the database file a failed call created, with SQLite's companion files and the migration lock's file.
     * Only for a file that did not exist when the call began: what was there before is never deleted.
     */
    public static void removeCreated(Path file, Throwable failure) {
        for (Path created : List.of(file, file.resolveSibling(fileName(file) + "-wal"),
                file.resolveSibling(fileName(file) + "-shm"), file.resolveSibling(fileName(file) + "-journal"),
                lockFile(file))) {
            try {
                Files.deleteIfExists(created);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The name the backup taken before undoing {@code version} gets: beside the database, never overwriting. */
    public static Path backupFile(Path file, String version, Clock clock) {
        String name = fileName(file);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : ".db";
        Path backup;
        int attempt = 0;
        do {
            String suffix = attempt == 0 ? "" : "-" + attempt;
            backup = file.resolveSibling(stem + ".before-undo-V" + version + "-" + BACKUP_STAMP.format(clock.instant())
                    + suffix + extension);
            attempt++;
        } while (Files.exists(backup));
        return backup;
    }

    /** A consistent copy of the whole database (WAL included), written by SQLite itself. */
    static void backup(Connection connection, Path backup) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM INTO '" + backup.toAbsolutePath().toString().replace("'", "''") + "'");
        }
    }

    /**
     * Whether the database's {@code -wal} and {@code -shm} files are absent: then no connection has the database open
     * (an open WAL database has its {@code -shm}), and every write is in the file itself.
     */
    public static boolean walAbsent(Path file) {
        return Files.notExists(sibling(file, "-wal")) && Files.notExists(sibling(file, "-shm"));
    }

    /**
     * Takes away the {@code -wal} and {@code -shm} files that read-only connections leave beside a WAL database
     * (they may not remove them): opens the file for writing and closes it, and SQLite, when that connection is the
     * last one, checkpoints an empty WAL (the file's bytes stay as they were) and removes both. Another process that
     * has the database open keeps them; nothing is removed by hand. For the command line, after a command that only
     * looked at a database whose {@link #walAbsent} held before it.
     */
    public static void removeWalLeftBy(Path file) {
        if (walAbsent(file) || Files.notExists(file)) {
            return;
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setBusyTimeout(1000);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file)) {
            connection.isValid(1);
        } catch (SQLException e) {
            // busy, or not writable: the files stay, as SQLite keeps them for whoever has the database open
        }
    }

    private static Path sibling(Path file, String suffix) {
        return folderOf(file).resolve(fileName(file) + suffix);
    }

    /** The file beside the database that {@link MigrationLock} locks. */
    public static Path lockFile(Path databaseFile) {
        return databaseFile.resolveSibling(fileName(databaseFile) + "-migration.lock");
    }
}
