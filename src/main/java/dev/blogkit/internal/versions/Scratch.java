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
 * An empty database of the same kind, for building the schema a version has (stamp) and for a test method of
 * {@code @BlogKitTest}: a file in a temporary folder for SQLite, a schema of its own on the same PostgreSQL
 * database. Removed on close.
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
        return create(like, "scratch");
    }

    /**
     * An empty database of {@code like}'s kind: {@code blog.db} in a new temporary folder {@code blogkit-<purpose>*},
     * or a new schema {@code blogkit_<purpose>_*} on {@code like}'s PostgreSQL database; configured with
     * {@code like}'s connection settings and migrations.
     *
     * @param purpose a lower-case word that names it, such as {@code scratch} or {@code test}
     */
    public static Scratch create(BlogConfig like, String purpose) {
        return create(like, like.kind(), purpose);
    }

    /**
     * An empty database of {@code kind}, configured with {@code like}'s migrations: a temporary file for SQLite, a
     * new schema on {@code like}'s own PostgreSQL database or, when {@code like} is of another kind, on its
     * {@link BlogConfig#scratchDatabase()}.
     *
     * @throws MigrationException if {@code kind} is a server's and {@code like} reaches no database of that kind
     */
    public static Scratch create(BlogConfig like, DatabaseKind kind, String purpose) {
        if (kind == DatabaseKind.SQLITE) {
            try {
                Path folder = Files.createTempDirectory("blogkit-" + purpose);
                return new Scratch(configure(like, like, "jdbc:sqlite:" + folder.resolve("blog.db")), () -> delete(folder));
            } catch (IOException e) {
                throw new MigrationException("cannot create a " + purpose + " database: " + e.getMessage(), e);
            }
        }
        BlogConfig server = like.kind() == kind ? like : like.scratchDatabase().filter(s -> s.kind() == kind)
                .orElseThrow(() -> new MigrationException("no " + kind.folder() + " database to build a " + purpose
                        + " schema in: give one with BlogConfig.Builder.scratchDatabase"));
        if (server.dataSource().isPresent()) {
            throw new MigrationException("a " + purpose + " schema is reached through a URL of its own (currentSchema=...), "
                    + "which the application's data source cannot give: give the database by its URL for this command");
        }
        String schema = "blogkit_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(server, "CREATE SCHEMA " + schema);
        String url = server.jdbcUrl().replaceAll("([?&])currentSchema=[^&]*&?", "$1");
        url = url.endsWith("?") || url.endsWith("&") ? url : url + (url.contains("?") ? "&" : "?");
        String jdbcUrl = url + "currentSchema=" + schema;
        return new Scratch(configure(like, server, jdbcUrl), () -> execute(server, "DROP SCHEMA " + schema + " CASCADE"));
    }

    public BlogConfig config() {
        return config;
    }

    @Override
    public void close() {
        remove.run();
    }

    /** {@code like}'s migrations, entities and class loader, {@code server}'s credentials, at {@code jdbcUrl}. */
    private static BlogConfig configure(BlogConfig like, BlogConfig server, String jdbcUrl) {
        BlogConfig.Builder builder = BlogConfig.builder(jdbcUrl).classLoader(like.classLoader())
                .entities(like.entities().toArray(Class<?>[]::new))
                .connectionTimeout(like.connectionTimeout())
                .migrationDatabases(like.migrationDatabases().toArray(DatabaseKind[]::new));
        if (server.kind() != DatabaseKind.SQLITE) {
            builder.credentialsOf(server);
        }
        like.migrationLocation().ifPresent(location -> builder.migrations(location, like.historyTable()));
        return builder.build();
    }

    private static void execute(BlogConfig config, String sql) {
        javax.sql.DataSource dataSource = SetConnections.postgresql(config);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new MigrationException("cannot prepare a schema (" + sql + "): " + e.getMessage(), e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new MigrationException("cannot remove the database " + folder + ": " + e.getMessage(), e);
        }
    }
}
