package dev.blogkit.internal.schema;

import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.ForeignKey;
import dev.blogkit.internal.schema.SchemaModel.Index;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.SchemaModel.Unique;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The schema of a live database: SQLite through its pragmas and stored CREATE statements, PostgreSQL through
 * its catalog (the connection's current schema). Tables named in {@code ignored} (history tables, BlogKit's
 * settings) and SQLite's own tables are left out, and so is what the database computes itself and no entity
 * maps: SQLite's virtual tables with their shadow tables (the FTS5 search index), PostgreSQL's generated columns
 * with the indexes on them (the search vector). Their migrations own them, and keep them.
 */
public final class DatabaseSchemaReader {

    private DatabaseSchemaReader() {
    }

    /**
     * Thrown when the catalog changed under the read: PostgreSQL's catalog functions ({@code pg_get_indexdef},
     * {@code format_type}, {@code pg_get_expr}) see the latest committed catalog, not the read's snapshot, so an
     * object another process dropped a moment ago is listed without its definition. A read in a new snapshot
     * sees a whole schema again.
     */
    public static final class ChangedWhileRead extends SQLException {
        private static final long serialVersionUID = 1L;

        ChangedWhileRead(String object) {
            super("the schema changed while it was read (" + object + " was dropped meanwhile)");
        }
    }

    public static Schema read(Connection connection, Set<String> ignored) throws SQLException {
        return isSqlite(connection) ? readSqlite(connection, ignored) : readPostgresql(connection, ignored);
    }

    /** Whether the connection's database (its current schema on PostgreSQL) holds an ordinary table of this name. */
    public static boolean hasTable(Connection connection, String name) throws SQLException {
        String sql = isSqlite(connection)
                ? "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND lower(name) = ?"
                : "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() "
                        + "WHERE c.relkind IN ('r', 'p') AND c.relname = ?";
        return !query(connection, sql, name.toLowerCase(Locale.ROOT)).isEmpty();
    }

    private static boolean isSqlite(Connection connection) throws SQLException {
        return connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
    }

    private static String defined(Object definition, String object) throws ChangedWhileRead {
        if (definition == null) {
            throw new ChangedWhileRead(object);
        }
        return (String) definition;
    }

    private static Schema readSqlite(Connection connection, Set<String> ignored) throws SQLException {
        List<Table> tables = new ArrayList<>();
        for (List<Object> row : query(connection,
                // ordinary tables only: an FTS5 index (a virtual table and its shadow tables) is no entity's
                "SELECT s.name, s.sql FROM sqlite_schema s JOIN pragma_table_list l ON l.schema = 'main' AND l.name = s.name "
                        + "WHERE s.type = 'table' AND l.type = 'table' AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
            String name = ((String) row.get(0)).toLowerCase(Locale.ROOT);
            if (ignored.contains(name)) {
                continue;
            }
            String createSql = (String) row.get(1);
            List<CreateTableSql.Part> parts = CreateTableSql.parts(createSql);
            List<Column> columns = new ArrayList<>();
            Map<Integer, String> primaryKey = new java.util.TreeMap<>();
            for (List<Object> column : query(connection,
                    "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid", name)) {
                String columnName = ((String) column.get(0)).toLowerCase(Locale.ROOT);
                int pk = ((Number) column.get(4)).intValue();
                if (pk > 0) {
                    primaryKey.put(pk, columnName);
                }
                boolean notNull = ((Number) column.get(2)).intValue() == 1 || pk > 0;
                columns.add(new Column(columnName, (String) column.get(1), !notNull, (String) column.get(3)));
            }
            List<Index> indexes = new ArrayList<>();
            List<Unique> uniques = new ArrayList<>();
            for (List<Object> index : query(connection,
                    "SELECT l.name, l.\"unique\", l.origin, s.sql FROM pragma_index_list(?) l "
                            + "LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name ORDER BY l.name", name)) {
                String indexName = ((String) index.get(0)).toLowerCase(Locale.ROOT);
                List<String> indexColumns = query(connection,
                        "SELECT name FROM pragma_index_info(?) ORDER BY seqno", indexName).stream()
                        .map(r -> r.get(0) == null ? "<expression>" : ((String) r.get(0)).toLowerCase(Locale.ROOT))
                        .toList();
                switch ((String) index.get(2)) {
                    case "c" -> indexes.add(new Index(indexName, indexColumns, ((Number) index.get(1)).intValue() == 1,
                            (String) index.get(3)));
                    case "u" -> uniques.add(new Unique(constraintName(parts, "UNIQUE", indexColumns), indexColumns));
                    default -> {
                        // the primary key's own index
                    }
                }
            }
            Map<Integer, ForeignKey> foreignKeys = new LinkedHashMap<>();
            for (List<Object> fk : query(connection,
                    "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", name)) {
                int id = ((Number) fk.get(0)).intValue();
                ForeignKey before = foreignKeys.get(id);
                List<String> from = new ArrayList<>(before == null ? List.of() : before.columns());
                List<String> to = new ArrayList<>(before == null ? List.of() : before.referencedColumns());
                from.add(((String) fk.get(2)).toLowerCase(Locale.ROOT));
                String referencedTable = ((String) fk.get(1)).toLowerCase(Locale.ROOT);
                to.add(fk.get(3) == null ? "" : ((String) fk.get(3)).toLowerCase(Locale.ROOT));
                foreignKeys.put(id, new ForeignKey(null, from, referencedTable, to, (String) fk.get(4)));
            }
            List<ForeignKey> named = new ArrayList<>();
            for (ForeignKey fk : foreignKeys.values()) {
                // FOREIGN KEY (a) REFERENCES t without columns: the referenced table's primary key
                List<String> to = fk.referencedColumns().contains("") ? List.of() : fk.referencedColumns();
                named.add(new ForeignKey(constraintName(parts, "FOREIGN KEY", fk.columns()), fk.columns(),
                        fk.referencedTable(), to, fk.onDelete()));
            }
            boolean autoIncrement = createSql.toUpperCase(Locale.ROOT).contains("AUTOINCREMENT");
            // the table's triggers (the search index's, V6), which a rebuild must create again: dropping a table
            // drops its triggers
            List<String> triggers = query(connection,
                    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? ORDER BY name", name)
                    .stream().map(trigger -> (String) trigger.get(0)).toList();
            tables.add(new Table(name, columns, List.copyOf(primaryKey.values()), autoIncrement, indexes, uniques,
                    named, createSql, triggers));
        }
        // now that every table is known: references to a primary key name its columns
        List<Table> resolved = new ArrayList<>();
        Map<String, Table> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        for (Table table : tables) {
            List<ForeignKey> fks = table.foreignKeys().stream().map(fk -> fk.referencedColumns().isEmpty()
                    && byName.containsKey(fk.referencedTable())
                    ? new ForeignKey(fk.name(), fk.columns(), fk.referencedTable(),
                    byName.get(fk.referencedTable()).primaryKey(), fk.onDelete()) : fk).toList();
            resolved.add(new Table(table.name(), table.columns(), table.primaryKey(), table.autoIncrement(),
                    table.indexes(), table.uniques(), fks, table.createSql(), table.triggers()));
        }
        return Schema.of(resolved);
    }

    /** The name a table constraint of this kind on these columns was given in CREATE TABLE, if any. */
    private static String constraintName(List<CreateTableSql.Part> parts, String kind, List<String> columns) {
        return parts.stream().filter(p -> kind.equals(p.kind()) && p.columns().equals(columns))
                .map(CreateTableSql.Part::constraintName).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static Schema readPostgresql(Connection connection, Set<String> ignored) throws SQLException {
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        Map<String, Boolean> identity = new LinkedHashMap<>();
        for (List<Object> row : query(connection, """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attidentity
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
                WHERE c.relkind IN ('r', 'p') AND a.attgenerated = ''
                ORDER BY c.relname, a.attnum""")) {
            String table = (String) row.get(0);
            if (ignored.contains(table)) {
                continue;
            }
            columns.computeIfAbsent(table, t -> new ArrayList<>()).add(new Column((String) row.get(1),
                    defined(row.get(2), "the type of " + table + "." + row.get(1)).toUpperCase(Locale.ROOT),
                    !(Boolean) row.get(3), (String) row.get(4)));
            if (!"".equals(row.get(5)) && row.get(5) != null) {
                identity.put(table, true);
            }
        }
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        Map<String, List<Unique>> uniques = new LinkedHashMap<>();
        Map<String, List<ForeignKey>> foreignKeys = new LinkedHashMap<>();
        for (List<Object> row : query(connection, """
                SELECT c.relname, k.conname, k.contype,
                       (SELECT string_agg(a.attname, ',' ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum),
                       f.relname,
                       (SELECT string_agg(a.attname, ',' ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum),
                       k.confdeltype
                FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
                LEFT JOIN pg_class f ON f.oid = k.confrelid
                WHERE k.contype IN ('p', 'u', 'f')
                ORDER BY c.relname, k.conname""")) {
            String table = (String) row.get(0);
            List<String> keyColumns = List.of(defined(row.get(3), "constraint " + row.get(1)).split(","));
            switch ((String) row.get(2)) {
                case "p" -> primaryKeys.put(table, keyColumns);
                case "u" -> uniques.computeIfAbsent(table, t -> new ArrayList<>()).add(new Unique((String) row.get(1), keyColumns));
                default -> foreignKeys.computeIfAbsent(table, t -> new ArrayList<>()).add(new ForeignKey((String) row.get(1),
                        keyColumns, (String) row.get(4), List.of(((String) row.get(5)).split(",")), onDelete((String) row.get(6))));
            }
        }
        // the scripts must run in whatever schema the application uses: no schema name in an index definition
        String schema = (String) query(connection, "SELECT current_schema()").get(0).get(0);
        Map<String, List<Index>> indexes = new LinkedHashMap<>();
        for (List<Object> row : query(connection, """
                SELECT t.relname, i.relname, x.indisunique, pg_get_indexdef(x.indexrelid),
                       (SELECT string_agg(coalesce(a.attname, '<expression>'), ',' ORDER BY u.ord)
                        FROM unnest(x.indkey) WITH ORDINALITY u(attnum, ord)
                        LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum)
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
                WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
                  AND NOT EXISTS (SELECT 1 FROM unnest(x.indkey) u(attnum)
                                  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum
                                  WHERE a.attgenerated <> '')
                ORDER BY t.relname, i.relname""")) {
            String definition = defined(row.get(3), "index " + row.get(1));
            indexes.computeIfAbsent((String) row.get(0), t -> new ArrayList<>()).add(new Index((String) row.get(1),
                    List.of(defined(row.get(4), "index " + row.get(1)).split(",")), (Boolean) row.get(2),
                    definition.replace(" ON " + schema + ".", " ON ").replace(" ON ONLY " + schema + ".", " ON ONLY ")));
        }
        List<Table> tables = new ArrayList<>();
        for (Map.Entry<String, List<Column>> table : columns.entrySet()) {
            String name = table.getKey();
            tables.add(new Table(name, table.getValue(), primaryKeys.getOrDefault(name, List.of()),
                    identity.getOrDefault(name, false), indexes.getOrDefault(name, List.of()),
                    uniques.getOrDefault(name, List.of()), foreignKeys.getOrDefault(name, List.of()), null));
        }
        return Schema.of(tables);
    }

    private static String onDelete(String code) {
        return switch (code) {
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            case "r" -> "RESTRICT";
            default -> "NO ACTION";
        };
    }

    private static List<List<Object>> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                int count = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(count);
                    for (int i = 1; i <= count; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
