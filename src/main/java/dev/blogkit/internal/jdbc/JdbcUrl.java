package dev.blogkit.internal.jdbc;

import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.errors.Masking;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDBC URL that BlogKit accepts: which database, and for SQLite the file it names (null otherwise). */
public record JdbcUrl(String jdbcUrl, DatabaseKind kind, Path sqliteFile) {

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** The {@code password=} setting of a PostgreSQL URL's query string, decoded as pgJDBC decodes it; null if none. */
    public String password() {
        Matcher m = PASSWORD_SETTING.matcher(jdbcUrl);
        return m.find() ? java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    /**
     * The URL without its {@code password=} setting: what BlogKit gives the driver beside the password, so that the
     * URL a connection reports (which Hibernate, Flyway and pools print) holds no password.
     */
    public String withoutPassword() {
        String stripped = PASSWORD_SETTING.matcher(jdbcUrl).replaceAll("$1");
        return stripped.replaceAll("[?&]$", "").replace("?&", "?");
    }

    private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)([?&])password=([^&]*)&?");

    /** This URL as BlogKit shows it: its password, if any, masked. */
    public String displayed() {
        return Masking.mask(jdbcUrl);
    }

    /**
     * The URL the data source's connections report, learnt from one connection: PostgreSQL only (see
     * {@code BlogConfig.builder(DataSource)}).
     */
    public static JdbcUrl of(javax.sql.DataSource dataSource) {
        String jdbcUrl;
        String product;
        try (java.sql.Connection connection = dataSource.getConnection()) {
            jdbcUrl = connection.getMetaData().getURL();
            product = connection.getMetaData().getDatabaseProductName();
        } catch (java.sql.SQLException | RuntimeException e) {
            // BlogException masks a password in the message
            throw new BlogException("cannot get a connection from the data source: " + e.getMessage(), e);
        }
        if (jdbcUrl != null && jdbcUrl.startsWith(SQLITE_PREFIX)) {
            throw new InvalidInputException("dataSource", "the data source reaches an SQLite file (" + Masking.mask(jdbcUrl)
                    + "): BlogKit opens SQLite files itself, with the settings its guarantees rest on (foreign keys, "
                    + "WAL, one writer at a time): use BlogConfig.builder(\"" + Masking.mask(jdbcUrl) + "\")");
        }
        if (jdbcUrl == null || !jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            throw new InvalidInputException("dataSource", "the data source reaches " + product + " ("
                    + Masking.mask(jdbcUrl) + "): BlogKit supports PostgreSQL data sources");
        }
        return new JdbcUrl(jdbcUrl, DatabaseKind.POSTGRESQL, null);
    }

    /**
     * Accepts {@code jdbc:sqlite:PATH} and {@code jdbc:sqlite:file:PATH}, optionally followed by
     * {@code ?name=value&...} settings for the driver, and PostgreSQL's {@code jdbc:postgresql:...} URLs.
     *
     * @throws InvalidInputException for null, another database, or an SQLite database that is not a file
     *     (in-memory and temporary databases would give each pooled connection a database of its own)
     */
    public static JdbcUrl parse(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new InvalidInputException("jdbcUrl", "jdbcUrl must not be null or blank");
        }
        if (jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            return new JdbcUrl(jdbcUrl, DatabaseKind.POSTGRESQL, null);
        }
        if (!jdbcUrl.startsWith(SQLITE_PREFIX)) {
            throw new InvalidInputException("jdbcUrl", "unsupported JDBC URL '" + Masking.mask(jdbcUrl) + "'"
                    + didYouMean(jdbcUrl)
                    + ": BlogKit supports jdbc:sqlite:PATH (for example jdbc:sqlite:blog.db) and jdbc:postgresql://HOST/DATABASE");
        }
        String location = jdbcUrl.substring(SQLITE_PREFIX.length());
        int query = location.indexOf('?');
        String path = query >= 0 ? location.substring(0, query) : location;
        String settings = query >= 0 ? location.substring(query + 1) : "";
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
        }
        if (path.isBlank() || path.equals(":memory:") || path.startsWith(":resource:")
                || settings.contains("mode=memory")) {
            throw new InvalidInputException("jdbcUrl", "'" + Masking.mask(jdbcUrl) + "' is not an SQLite database file: "
                    + "BlogKit needs a file, for example jdbc:sqlite:blog.db (tests: a file in a temporary folder)");
        }
        try {
            return new JdbcUrl(jdbcUrl, DatabaseKind.SQLITE, Path.of(path).toAbsolutePath());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("jdbcUrl", "'" + Masking.mask(jdbcUrl) + "' does not name a valid file path: "
                    + e.getMessage());
        }
    }

    /** A near miss of a supported prefix ({@code jdbc:postgres:}, {@code jdbc:sqlite3:}, {@code postgresql://}), named. */
    private static String didYouMean(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(java.util.Locale.ROOT);
        if (lower.matches("(jdbc:)?(postgres|pg|pgsql|postgresql):.*") && !lower.startsWith(POSTGRESQL_PREFIX)) {
            return " (did you mean " + POSTGRESQL_PREFIX + "//...?)";
        }
        if (lower.matches("(jdbc:)?sqlite\\d?:.*") && !lower.startsWith(SQLITE_PREFIX)) {
            return " (did you mean " + SQLITE_PREFIX + "PATH?)";
        }
        return "";
    }
}
