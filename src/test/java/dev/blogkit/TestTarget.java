package dev.blogkit;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The database a parameterized test runs against: a temporary SQLite file always, and PostgreSQL when
 * {@code BLOGKIT_TEST_POSTGRES_URL} is set (in a schema of its own, dropped afterwards; without the variable the
 * PostgreSQL run is skipped and says so). Reads rows with plain JDBC, numbers as {@code Long}.
 */
public final class TestTarget implements AutoCloseable {

    public static final String POSTGRES_URL_VARIABLE = "BLOGKIT_TEST_POSTGRES_URL";
    private static final String HISTORY_TABLE = "blogkit_schema_history";

    /** The parameter of the test classes: {@code @ParameterizedClass @EnumSource(TestTarget.Kind.class)}. */
    public enum Kind {
        SQLITE, POSTGRESQL
    }

    private final Kind kind;
    private final String url;
    private final Path file;
    private final String schema;

    private TestTarget(Kind kind, String url, Path file, String schema) {
        this.kind = kind;
        this.url = url;
        this.file = file;
        this.schema = schema;
    }

    /** A new, empty database of this kind; for SQLite, {@code dir/blog.db}. */
    public static TestTarget create(Kind kind, Path dir) {
        if (kind == Kind.SQLITE) {
            Path file = dir.resolve("blog.db");
            return new TestTarget(kind, TestDatabase.url(file), file, null);
        }
        String server = System.getenv(POSTGRES_URL_VARIABLE);
        assumeThat(server).as(POSTGRES_URL_VARIABLE + " is not set: skipped on PostgreSQL").isNotBlank();
        String schema = "blogkit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        TestTarget target = new TestTarget(kind, url, null, schema);
        TestDatabase.execute(server, "CREATE SCHEMA " + schema);
        return target;
    }

    public Kind kind() {
        return kind;
    }

    /** The target's database as the library names it. */
    public DatabaseKind databaseKind() {
        return kind == Kind.SQLITE ? DatabaseKind.SQLITE : DatabaseKind.POSTGRESQL;
    }

    /** The folder name of the target's scripts, {@code sqlite} or {@code postgresql}. */
    public String folder() {
        return databaseKind().folder();
    }

    public String url() {
        return url;
    }

    /** The SQLite file; empty on PostgreSQL. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Whether nothing was created yet: no SQLite file, or no table in the PostgreSQL schema. */
    public boolean isUntouched() {
        return kind == Kind.SQLITE ? !Files.exists(file) : tables().isEmpty();
    }

    /** An SQL literal of {@code created_at}: INTEGER milliseconds on SQLite, a timestamptz on PostgreSQL. */
    public String timestamp(Instant instant) {
        return kind == Kind.SQLITE ? String.valueOf(instant.toEpochMilli()) : "TIMESTAMPTZ '" + instant + "'";
    }

    /** The statements, each committed on its own, with plain JDBC. */
    public void execute(String... statements) {
        TestDatabase.execute(url, statements);
    }

    /** The names of the tables, sorted, without SQLite's own. */
    public List<String> tables() {
        String query = kind == Kind.SQLITE
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1";
        return rows(query).stream().map(row -> (String) row.get("name")).toList();
    }

    /** The column names of the table, in order. */
    public List<String> columns(String table) {
        String query = kind == Kind.SQLITE
                ? "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid"
                : "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND table_name = '" + table + "' ORDER BY ordinal_position";
        return rows(query).stream().map(row -> (String) row.get("name")).toList();
    }

    /**
     * Tables, columns (type, nullability, default, key), indexes and constraints, BlogKit's history left out: two
     * versions of the schema compare equal when the database has the same shape.
     */
    public Map<String, Object> schema() {
        return kind == Kind.SQLITE ? sqliteSchema() : postgresqlSchema();
    }

    private Map<String, Object> sqliteSchema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        for (String name : tables()) {
            if (name.equals(HISTORY_TABLE)) {
                continue;
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("columns", rows(
                    "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" + name + "') ORDER BY cid"));
            List<Object> indexes = new ArrayList<>();
            for (Map<String, Object> index : rows(
                    "SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + name + "') ORDER BY name")) {
                Map<String, Object> withColumns = new LinkedHashMap<>(index);
                withColumns.put("columns", rows(
                        "SELECT seqno, name FROM pragma_index_info('" + index.get("name") + "') ORDER BY seqno"));
                indexes.add(withColumns);
            }
            described.put("indexes", indexes);
            described.put("foreignKeys", rows("SELECT \"table\", \"from\", \"to\", on_update, on_delete"
                    + " FROM pragma_foreign_key_list('" + name + "') ORDER BY id, seq"));
            described.put("checks", rows(
                    "SELECT sql LIKE '%CHECK%' AS has_check FROM sqlite_master WHERE name = '" + name + "'"));
            schema.put(name, described);
        }
        return schema;
    }

    private Map<String, Object> postgresqlSchema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("columns", rows("SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default, is_identity"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name <> '" + HISTORY_TABLE + "' ORDER BY table_name, ordinal_position"));
        schema.put("indexes", rows("SELECT tablename, indexname, replace(indexdef, current_schema() || '.', '') AS indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                + " AND tablename <> '" + HISTORY_TABLE + "' ORDER BY tablename, indexname"));
        schema.put("constraints", rows("SELECT conrelid::regclass::text AS table_name, conname,"
                + " pg_get_constraintdef(oid) AS definition FROM pg_constraint"
                + " WHERE connamespace = current_schema()::regnamespace"
                + " AND conrelid::regclass::text <> '" + HISTORY_TABLE + "' ORDER BY 1, 2"));
        return schema;
    }

    /** A blog on this database whose SQL statements {@code sql} records, stamped by a clock one ms a tick. */
    public Blog open(TestDatabase.SqlLog sql) {
        return Blog.open(BlogConfig.builder(url)
                .clock(new TestDatabase.SteppingClock(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMillis(1)))
                .sqlObserver(sql)
                .build());
    }

    /** Every row, lower-case column name to value, with integer numbers as Long whatever the driver gives. */
    public List<Map<String, Object>> rows(String query) {
        return TestDatabase.rows(url, query).stream().map(row -> {
            Map<String, Object> normalized = new LinkedHashMap<>();
            row.forEach((column, value) -> normalized.put(column.toLowerCase(java.util.Locale.ROOT),
                    value instanceof Integer || value instanceof Short ? Long.valueOf(((Number) value).longValue()) : value));
            return normalized;
        }).toList();
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
            TestDatabase.execute(System.getenv(POSTGRES_URL_VARIABLE), "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
