package dev.blogkit.testing;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.jdbc.Drivers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The database of one test method: a new SQLite file in a new temporary folder, or a new PostgreSQL schema; its
 * configuration as {@link BlogKitTest} asks, and the blog, opened when first asked for. {@link #close()} closes the
 * blog and deletes the folder, or drops the schema.
 */
final class TestBlog implements AutoCloseable {

    private final BlogConfig config;
    /** The SQLite file's temporary folder; null on PostgreSQL. */
    private final Path folder;
    /** The PostgreSQL server's URL and the schema made on it; null on SQLite. */
    private final String serverUrl;
    private final String schema;
    private Blog blog;

    private TestBlog(BlogConfig config, Path folder, String serverUrl, String schema) {
        this.config = config;
        this.folder = folder;
        this.serverUrl = serverUrl;
        this.schema = schema;
    }

    static TestBlog create(DatabaseKind kind, BlogKitTest settings, String serverUrl) {
        Clock clock = clock(settings.fixedClock());
        if (kind == DatabaseKind.SQLITE) {
            Path folder;
            try {
                folder = Files.createTempDirectory("blogkit-test-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary folder for the test's SQLite file", e);
            }
            try {
                return new TestBlog(configure("jdbc:sqlite:" + folder.resolve("blog.db"), settings, clock), folder,
                        null, null);
            } catch (RuntimeException e) {
                delete(folder);
                throw e;
            }
        }
        Drivers.require(DatabaseKind.POSTGRESQL);
        String schema = "blogkit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(serverUrl, "CREATE SCHEMA " + schema);
        try {
            String url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return new TestBlog(configure(url, settings, clock), null, serverUrl, schema);
        } catch (RuntimeException e) {
            execute(serverUrl, "DROP SCHEMA " + schema + " CASCADE");
            throw e;
        }
    }

    private static BlogConfig configure(String url, BlogKitTest settings, Clock clock) {
        BlogConfig.Builder builder = BlogConfig.builder(url).clock(clock).entities(settings.entities());
        if (!settings.migrations().isEmpty()) {
            builder.migrations(settings.migrations(), settings.historyTable());
        }
        return builder.build();
    }

    private static Clock clock(String fixedClock) {
        if (fixedClock.isEmpty()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(fixedClock), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException("@BlogKitTest(fixedClock = \"" + fixedClock + "\") is not an"
                    + " ISO-8601 instant such as 2024-01-01T00:00:00Z", e);
        }
    }

    BlogConfig config() {
        return config;
    }

    Blog blog() {
        if (blog == null) {
            blog = Blog.open(config);
        }
        return blog;
    }

    @Override
    public void close() {
        try {
            if (blog != null) {
                blog.close();
            }
        } finally {
            if (folder != null) {
                delete(folder);
            } else {
                execute(serverUrl, "DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void execute(String serverUrl, String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new BlogException(BlogConfig.masked("cannot run " + sql + " on " + serverUrl + ": " + e.getMessage()), e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test's temporary folder " + folder, e);
        }
    }
}
