package dev.blogkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool to one SQLite file, every connection set up the same way: foreign keys on, WAL,
 * synchronous=NORMAL, the configured busy timeout, transactions DEFERRED unless {@link Transactions} asks
 * for IMMEDIATE. These settings win over the same settings in the URL's query string, so that no URL can turn
 * off the foreign keys that ON DELETE CASCADE needs.
 */
final class Database implements AutoCloseable {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final DatabaseUrl url;
    private final HikariDataSource pool;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /**
     * Opens the pool. A file that exists but is not an SQLite database is refused before anything opens it,
     * so it is left byte for byte as it was.
     */
    static Database connect(DatabaseUrl url, BlogConfig config) {
        refuseUnlessSqlite(url.sqliteFile());

        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(true);
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setBusyTimeout((int) config.busyTimeout().toMillis());
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        SQLiteDataSource driver = new SQLiteDataSource(sqlite);
        driver.setUrl(url.jdbcUrl());

        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(driver);
        hikari.setPoolName("blogkit:" + url.sqliteFile().getFileName());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        try {
            return new Database(url, new HikariDataSource(hikari));
        } catch (RuntimeException e) {
            throw DatabaseErrors.translate(e, "cannot open " + url.jdbcUrl());
        }
    }

    DataSource dataSource() {
        return pool;
    }

    DatabaseUrl url() {
        return url;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void refuseUnlessSqlite(Path file) {
        if (Files.isDirectory(file)) {
            throw new BlogException(file + " is a directory, not an SQLite database file");
        }
        if (!Files.exists(file)) {
            return;
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new BlogException("cannot read " + file + ": " + e.getMessage(), e);
        }
        // an empty file is a valid, empty SQLite database
        if (read > 0 && (read < header.length || !Arrays.equals(header, SQLITE_HEADER))) {
            throw new BlogException(file + " is not an SQLite database (its first bytes are not the SQLite header); "
                    + "BlogKit left it untouched");
        }
    }
}
