package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.migration.MigrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An empty database of the same kind, for building the schema a version has (stamp): a file in
 * a temporary folder for SQLite, a schema of its own on the same PostgreSQL database. Removed on close.
 */
public final class Scratch implements AutoCloseable {

    private final BlogConfig config;
    private final Runnable remove;

    private Scratch(BlogConfig config, Runnable remove) {
        this.config = config;
        this.remove = remove;
    }

    /** A scratch database with the same migrations configuration (location, history table, class loader). */
    public static Scratch create(BlogConfig like) {
        if (like.kind() == DatabaseKind.SQLITE) {
            try {
                Path folder = Files.createTempDirectory("blogkit-scratch");
                return new Scratch(configure(like, "jdbc:sqlite:" + folder.resolve("scratch.db")), () -> delete(folder));
            } catch (IOException e) {
                throw new MigrationException("cannot create a scratch database: " + e.getMessage(), e);
            }
        }
        if (like.dataSource().isPresent()) {
            throw new MigrationException("a scratch schema is reached through a URL of its own (currentSchema=...), "
                    + "which the application's data source cannot give: give the database by its URL for this command");
        }
        String schema = "blogkit_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(like, "CREATE SCHEMA " + schema);
        String url = like.jdbcUrl().replaceAll("([?&])currentSchema=[^&]*&?", "$1");
        url = url.endsWith("?") || url.endsWith("&") ? url : url + (url.contains("?") ? "&" : "?");
        String jdbcUrl = url + "currentSchema=" + schema;
        return new Scratch(configure(like, jdbcUrl), () -> execute(like, "DROP SCHEMA " + schema + " CASCADE"));
    }

    public BlogConfig config() {
        return config;
    }

    @Override
    public void close() {
        remove.run();
    }

    private static BlogConfig configure(BlogConfig like, String jdbcUrl) {
        BlogConfig.Builder builder = BlogConfig.builder(jdbcUrl).classLoader(like.classLoader()).credentialsOf(like)
                .connectionTimeout(like.connectionTimeout());
        like.migrationLocation().ifPresent(location -> builder.migrations(location, like.historyTable()));
        return builder.build();
    }

    private static void execute(BlogConfig config, String sql) {
        javax.sql.DataSource dataSource = SetConnections.postgresql(config);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new MigrationException("cannot prepare a scratch schema (" + sql + "): " + e.getMessage(), e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new MigrationException("cannot remove the scratch database " + folder + ": " + e.getMessage(), e);
        }
    }
}
