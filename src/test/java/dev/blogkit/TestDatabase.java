package dev.blogkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What BlogKit's SQLite-file tests share: reading a database file with plain JDBC, a clock, an SQL log. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** Every row the query returns, as column name to value, in order. */
    public static List<Map<String, Object>> rows(Path file, String query) {
        return rows(url(file), query);
    }

    /** Every row the query returns on the database at this URL, as column name to value, in order. */
    public static List<Map<String, Object>> rows(String url, String query) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("query failed: " + query, e);
        }
    }

    public static long count(Path file, String query) {
        return ((Number) rows(file, query).get(0).values().iterator().next()).longValue();
    }

    public static void execute(Path file, String... statements) {
        execute(url(file), statements);
    }

    /** The statements, each committed on its own, with plain JDBC. */
    public static void execute(String url, String... statements) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("statement failed", e);
        }
    }

    /** Everything a user stored, to compare before and after a rejected call. */
    public static List<List<Map<String, Object>>> snapshot(Path file) {
        return List.of(
                rows(file, "SELECT * FROM users ORDER BY id"),
                rows(file, "SELECT * FROM posts ORDER BY id"),
                rows(file, "SELECT name, seq FROM sqlite_sequence ORDER BY name"));
    }

    /** Records the SQL statements Hibernate prepares. */
    static final class SqlLog implements java.util.function.Consumer<String> {

        private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(String sql) {
            statements.add(sql);
        }

        void clear() {
            statements.clear();
        }

        List<String> statements() {
            synchronized (statements) {
                return List.copyOf(statements);
            }
        }
    }

    /** A clock that moves forward by a fixed step every time it is read. */
    static final class SteppingClock extends Clock {

        private final AtomicLong nextMillis;
        private final long stepMillis;

        SteppingClock(Instant start, Duration step) {
            this.nextMillis = new AtomicLong(start.toEpochMilli());
            this.stepMillis = step.toMillis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nextMillis.getAndAdd(stepMillis));
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
