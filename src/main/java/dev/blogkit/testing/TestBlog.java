package dev.blogkit.testing;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.versions.Scratch;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The database of one test method: a new SQLite file in a new temporary folder, or a new PostgreSQL schema (a
 * {@link Scratch} database); its configuration as {@link BlogKitTest} asks, and the blog, opened when first asked
 * for. {@link #close()} closes the blog and deletes the folder, or drops the schema.
 */
final class TestBlog implements AutoCloseable {

    private final Scratch database;
    private final BlogConfig config;
    private Blog blog;

    private TestBlog(Scratch database, BlogConfig config) {
        this.database = database;
        this.config = config;
    }

    /**
     * @param serverUrl the PostgreSQL server's JDBC URL; null on SQLite
     */
    static TestBlog create(DatabaseKind kind, BlogKitTest settings, String serverUrl) {
        Clock clock = clock(settings.fixedClock());
        // where the test's database goes: a temporary folder (the URL's file is never opened), or the server
        BlogConfig server = BlogConfig.builder(kind == DatabaseKind.SQLITE ? "jdbc:sqlite:blog.db" : serverUrl).build();
        Scratch database = Scratch.create(server, "test");
        try {
            BlogConfig.Builder config = BlogConfig.builder(database.config().jdbcUrl()).clock(clock)
                    .entities(settings.entities());
            if (!settings.migrations().isEmpty()) {
                config.migrations(settings.migrations(), settings.historyTable());
            }
            return new TestBlog(database, config.build());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
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
            database.close();
        }
    }
}
