package dev.blogkit;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDBC URL that BlogKit accepts: which database, and for SQLite the file it names (null otherwise). */
record DatabaseUrl(String jdbcUrl, DatabaseKind kind, Path sqliteFile) {

    /** A password in a URL's settings ({@code password=...}) or in its user info ({@code //user:password@host}). */
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s)'\"]*|(//[^/:@\\s]+:)[^@/\\s]+(@)");

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /**
     * Accepts {@code jdbc:sqlite:PATH} and {@code jdbc:sqlite:file:PATH}, optionally followed by
     * {@code ?name=value&...} settings for the driver, and PostgreSQL's {@code jdbc:postgresql:...} URLs.
     *
     * @throws InvalidInputException for null, another database, or an SQLite database that is not a file
     *     (in-memory and temporary databases would give each pooled connection a database of its own)
     */
    /** The text with every URL password in it replaced by {@code ***}: what BlogKit shows of a URL. */
    static String mask(String text) {
        if (text == null || (text.indexOf('@') < 0 && !text.toLowerCase(Locale.ROOT).contains("password="))) {
            return text;
        }
        Matcher m = PASSWORD.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(masked, Matcher.quoteReplacement(m.group(1) != null ? m.group(1) + "***"
                    : m.group(2) + "***" + m.group(3)));
        }
        m.appendTail(masked);
        return masked.toString();
    }

    /** The {@code password=} setting of a PostgreSQL URL's query string, decoded as pgJDBC decodes it; null if none. */
    String password() {
        Matcher m = PASSWORD_SETTING.matcher(jdbcUrl);
        return m.find() ? java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    /**
     * The URL without its {@code password=} setting: what BlogKit gives the driver beside the password, so that the
     * URL a connection reports (which Hibernate, Flyway and pools print) holds no password.
     */
    String withoutPassword() {
        String stripped = PASSWORD_SETTING.matcher(jdbcUrl).replaceAll("$1");
        return stripped.replaceAll("[?&]$", "").replace("?&", "?");
    }

    private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)([?&])password=([^&]*)&?");

    /** This URL as BlogKit shows it: its password, if any, masked. */
    String displayed() {
        return mask(jdbcUrl);
    }

    /**
     * The URL the data source's connections report, learnt from one connection: PostgreSQL only (see
     * {@link BlogConfig#builder(javax.sql.DataSource)}).
     */
    static DatabaseUrl of(javax.sql.DataSource dataSource) {
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
            throw new InvalidInputException("dataSource", "the data source reaches an SQLite file (" + mask(jdbcUrl)
                    + "): BlogKit opens SQLite files itself, with the settings its guarantees rest on (foreign keys, "
                    + "WAL, one writer at a time): use BlogConfig.builder(\"" + mask(jdbcUrl) + "\")");
        }
        if (jdbcUrl == null || !jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            throw new InvalidInputException("dataSource", "the data source reaches " + product + " ("
                    + mask(jdbcUrl) + "): BlogKit supports PostgreSQL data sources");
        }
        return new DatabaseUrl(jdbcUrl, DatabaseKind.POSTGRESQL, null);
    }

    static DatabaseUrl parse(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new InvalidInputException("jdbcUrl", "jdbcUrl must not be null or blank");
        }
        if (jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            return new DatabaseUrl(jdbcUrl, DatabaseKind.POSTGRESQL, null);
        }
        if (!jdbcUrl.startsWith(SQLITE_PREFIX)) {
            throw new InvalidInputException("jdbcUrl", "unsupported JDBC URL '" + jdbcUrl
                    + "': BlogKit supports jdbc:sqlite:PATH (for example jdbc:sqlite:blog.db) and jdbc:postgresql://HOST/DATABASE");
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
            throw new InvalidInputException("jdbcUrl", "'" + mask(jdbcUrl) + "' is not an SQLite database file: "
                    + "BlogKit needs a file, for example jdbc:sqlite:blog.db (tests: a file in a temporary folder)");
        }
        try {
            return new DatabaseUrl(jdbcUrl, DatabaseKind.SQLITE, Path.of(path).toAbsolutePath());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("jdbcUrl", "'" + mask(jdbcUrl) + "' does not name a valid file path: "
                    + e.getMessage());
        }
    }
}
