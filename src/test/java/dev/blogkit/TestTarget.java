package dev.blogkit;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The database a parameterized test runs against: a temporary SQLite file always, and PostgreSQL when
 * {@code BLOGKIT_TEST_POSTGRES_URL} is set (in a schema of its own, dropped afterwards; without the variable the
 * PostgreSQL run is skipped and says so). Reads rows with plain JDBC, numbers as {@code Long}.
 */
public final class TestTarget implements AutoCloseable {

    public static final String POSTGRES_URL_VARIABLE = "BLOGKIT_TEST_POSTGRES_URL";

    /** The parameter of the test classes: {@code @ParameterizedClass @EnumSource(TestTarget.Kind.class)}. */
    public enum Kind {
        SQLITE, POSTGRESQL
    }

    private final Kind kind;
    private final String url;
    private final String rowsUrl;
    private final String schema;

    private TestTarget(Kind kind, String url, String rowsUrl, String schema) {
        this.kind = kind;
        this.url = url;
        this.rowsUrl = rowsUrl;
        this.schema = schema;
    }

    /** A new, empty database of this kind; for SQLite, {@code dir/blog.db}. */
    public static TestTarget create(Kind kind, Path dir) {
        if (kind == Kind.SQLITE) {
            String url = TestDatabase.url(dir.resolve("blog.db"));
            return new TestTarget(kind, url, url, null);
        }
        String server = System.getenv(POSTGRES_URL_VARIABLE);
        assumeThat(server).as(POSTGRES_URL_VARIABLE + " is not set: skipped on PostgreSQL").isNotBlank();
        String schema = "blogkit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        TestTarget target = new TestTarget(kind, url, url, schema);
        target.executeOn(server, "CREATE SCHEMA " + schema);
        return target;
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    /** A blog on this database whose SQL statements {@code sql} records, stamped by a clock one ms a tick. */
    public Blog open(TestDatabase.SqlLog sql) {
        return Blog.open(BlogConfig.builder(url)
                .clock(new TestDatabase.SteppingClock(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMillis(1)))
                .sqlObserver(sql)
                .build());
    }

    /** Every row, column name to value, with integer numbers as Long whatever the driver gives. */
    public List<Map<String, Object>> rows(String query) {
        try (Connection connection = DriverManager.getConnection(rowsUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT),
                            value instanceof Integer || value instanceof Short ? Long.valueOf(((Number) value).longValue()) : value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("query failed: " + query, e);
        }
    }

    public long count(String query) {
        return ((Number) rows(query).get(0).values().iterator().next()).longValue();
    }

    /** Everything a user stored, to compare before and after a rejected call. */
    public List<List<Map<String, Object>>> snapshot() {
        List<List<Map<String, Object>>> snapshot = new ArrayList<>(List.of(
                rows("SELECT * FROM users ORDER BY id"),
                rows("SELECT * FROM posts ORDER BY id")));
        if (kind == Kind.SQLITE) {
            snapshot.add(rows("SELECT name, seq FROM sqlite_sequence ORDER BY name"));
        }
        return snapshot;
    }

    /** The call throws InvalidInputException naming {@code field}, and the database holds what it held before. */
    public void assertRejectedAndUnchanged(String field, Runnable call) {
        var before = snapshot();
        org.assertj.core.api.Assertions.assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo(field);
                    org.assertj.core.api.Assertions.assertThat(e).hasMessageContaining(field);
                });
        org.assertj.core.api.Assertions.assertThat(snapshot()).isEqualTo(before);
    }

    @Override
    public void close() {
        if (schema != null) {
            executeOn(System.getenv(POSTGRES_URL_VARIABLE), "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private void executeOn(String server, String sql) {
        try (Connection connection = DriverManager.getConnection(server); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("statement failed: " + sql, e);
        }
    }
}
