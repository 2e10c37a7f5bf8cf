package dev.blogkit.migration;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Migration sets for tests, and a snapshot of an SQLite schema to compare versions by. */
final class MigrationTesting {

    private MigrationTesting() {
    }

    /** BlogKit's migrations plus the test-only ones under {@code db/test/<name>/}. */
    static Migrations withTestVersions(Path file, String name) {
        MigrationSet blogkit = MigrationSet.blogkit(DatabaseKind.SQLITE);
        MigrationSet set = new MigrationSet(blogkit.historyTable(),
                List.of(blogkit.migrationLocations().get(0), "classpath:db/test/" + name + "/migration"),
                List.of(blogkit.undoLocations().get(0), "db/test/" + name + "/undo"));
        return Migrations.on(BlogConfig.builder(TestDatabase.url(file)).build(), set);
    }

    /**
     * Tables, columns (name, type, not null, default, primary key), indexes (with their columns, uniqueness) and
     * foreign keys (with their actions), without SQLite's own tables and BlogKit's history.
     */
    static Map<String, Object> schema(Path file) {
        Map<String, Object> schema = new LinkedHashMap<>();
        List<Map<String, Object>> tables = TestDatabase.rows(file, """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'blogkit_schema_history'
                ORDER BY name""");
        for (Map<String, Object> table : tables) {
            String name = (String) table.get("name");
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("columns", TestDatabase.rows(file,
                    "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" + name + "') ORDER BY cid"));
            List<Object> indexes = new ArrayList<>();
            for (Map<String, Object> index : TestDatabase.rows(file,
                    "SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + name + "') ORDER BY name")) {
                Map<String, Object> withColumns = new LinkedHashMap<>(index);
                withColumns.put("columns", TestDatabase.rows(file,
                        "SELECT seqno, name FROM pragma_index_info('" + index.get("name") + "') ORDER BY seqno"));
                indexes.add(withColumns);
            }
            described.put("indexes", indexes);
            described.put("foreignKeys", TestDatabase.rows(file,
                    "SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('" + name + "') ORDER BY id, seq"));
            described.put("checks", TestDatabase.rows(file,
                    "SELECT sql LIKE '%CHECK%' AS has_check FROM sqlite_master WHERE name = '" + name + "'"));
            schema.put(name, described);
        }
        return schema;
    }
}
