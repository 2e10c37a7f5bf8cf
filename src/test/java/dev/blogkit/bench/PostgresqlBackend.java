package dev.blogkit.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Each run in new schemas on a PostgreSQL server, one for each side, with random names
 * ({@code bench_<label>_<impl>_<16 hex digits>}), created before the run and dropped (CASCADE) after it. BlogKit
 * opens the server's URL with {@code currentSchema} set to its schema, and migrates it; the JDBC side connects
 * with its schema as {@code currentSchema} and creates the tables by hand.
 */
final class PostgresqlBackend implements Backend {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String serverUrl;
    private final String version;

    /**
     * Connects once, to fail early on a wrong URL and to learn the server's version.
     *
     * @param serverUrl jdbc:postgresql://HOST:PORT/DATABASE?user=..., without a currentSchema
     */
    PostgresqlBackend(String serverUrl) throws SQLException {
        if (!serverUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--postgres needs a jdbc:postgresql: URL, was " + withoutSettings(serverUrl));
        }
        if (serverUrl.toLowerCase(Locale.ROOT).contains("currentschema=")) {
            throw new IllegalArgumentException("--postgres: the URL must not set currentSchema: the benchmark "
                    + "creates a schema of its own for each side and each run");
        }
        this.serverUrl = serverUrl;
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            this.version = rs.getString(1);
        }
    }

    /** "PostgreSQL 15.20 at jdbc:postgresql://HOST:PORT/DATABASE": the URL without its settings (which may hold a password). */
    String describe() {
        return "PostgreSQL " + version + " at " + withoutSettings(serverUrl);
    }

    @Override
    public Sides fresh(String label) throws Exception {
        String prefix = "bench_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_";
        String blogkitSchema = prefix + "blogkit_" + randomHex();
        String jdbcSchema = prefix + "jdbc_" + randomHex();
        execute("CREATE SCHEMA " + blogkitSchema);
        try {
            execute("CREATE SCHEMA " + jdbcSchema);
        } catch (SQLException e) {
            drop(blogkitSchema);
            throw e;
        }
        return new Sides(new BlogKitWorkload(inSchema(blogkitSchema)), JdbcWorkload.postgresql(inSchema(jdbcSchema)),
                "new schemas " + blogkitSchema + " and " + jdbcSchema, () -> {
                    try {
                        drop(blogkitSchema);
                    } finally {
                        drop(jdbcSchema);
                    }
                });
    }

    private String inSchema(String schema) {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private void drop(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String withoutSettings(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
