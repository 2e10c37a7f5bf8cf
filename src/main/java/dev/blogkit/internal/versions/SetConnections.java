package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.internal.jdbc.ConnectionSettings;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The unpooled connections migrations, undo and the looks of check and validate use: SQLite's with BlogKit's
 * settings (after refusing a file that is not an SQLite database), PostgreSQL's own or the application's.
 */
final class SetConnections {

    private SetConnections() {
    }

    static DataSource of(BlogConfig config, boolean foreignKeys) {
        Optional<Path> file = config.databaseFile();
        if (file.isEmpty()) {
            return postgresql(config);
        }
        SqliteFile.refuseUnlessSqlite(file.get());
        return SqliteFile.dataSource(config, foreignKeys);
    }

    /**
     * Connections to the PostgreSQL database of {@code config}: the application's data source if it gave one, else
     * unpooled connections of BlogKit's own, with the configuration's credentials.
     */
    static DataSource postgresql(BlogConfig config) {
        return config.dataSource().orElseGet(() -> ownPostgresql(config));
    }

    private static PGSimpleDataSource ownPostgresql(BlogConfig config) {
        PGSimpleDataSource postgresql = new PGSimpleDataSource();
        postgresql.setUrl(config.jdbcUrl());
        config.user().ifPresent(postgresql::setUser);
        config.password().ifPresent(postgresql::setPassword);
        // a server that is down or frozen fails the connect and the login in bounded time; statements are not
        // bounded: a migration of a large table may take long
        int connectSeconds = ConnectionSettings.wholeSeconds(config.connectionTimeout());
        postgresql.setConnectTimeout(connectSeconds);
        postgresql.setLoginTimeout(connectSeconds);
        return postgresql;
    }

    /**
     * Connections that only look: on SQLite, opened read-only and without the settings that write (WAL), so that
     * info, check, validate and dry runs leave the file's bytes as they were.
     */
    static DataSource readOnly(BlogConfig config) {
        Optional<Path> file = config.databaseFile();
        if (file.isEmpty()) {
            if (config.dataSource().isPresent()) {
                // the application's pool: BlogKit's looks only read, but the pool's connections are as it made them
                return config.dataSource().get();
            }
            PGSimpleDataSource postgresql = ownPostgresql(config);
            postgresql.setReadOnly(true);
            return postgresql;
        }
        SqliteFile.refuseUnlessSqlite(file.get());
        return SqliteFile.readOnlyDataSource(config);
    }
}
