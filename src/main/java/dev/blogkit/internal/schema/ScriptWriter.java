package dev.blogkit.internal.schema;

import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.schema.SchemaDiff.AddColumn;
import dev.blogkit.internal.schema.SchemaDiff.AddForeignKey;
import dev.blogkit.internal.schema.SchemaDiff.AddIndex;
import dev.blogkit.internal.schema.SchemaDiff.AddTable;
import dev.blogkit.internal.schema.SchemaDiff.AddUnique;
import dev.blogkit.internal.schema.SchemaDiff.AlterColumn;
import dev.blogkit.internal.schema.SchemaDiff.Change;
import dev.blogkit.internal.schema.SchemaDiff.DropColumn;
import dev.blogkit.internal.schema.SchemaDiff.DropForeignKey;
import dev.blogkit.internal.schema.SchemaDiff.DropIndex;
import dev.blogkit.internal.schema.SchemaDiff.DropTable;
import dev.blogkit.internal.schema.SchemaDiff.DropUnique;
import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.ForeignKey;
import dev.blogkit.internal.schema.SchemaModel.Index;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.SchemaModel.Unique;
import dev.blogkit.migration.MigrationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the SQL that makes a list of {@link SchemaDiff} changes, for SQLite or PostgreSQL: the same way for a
 * migration (database to entities) and for its undo (the migration's changes reversed, entities back to the
 * database as it was).
 *
 * <p>On PostgreSQL every change is an ALTER. On SQLite, whose ALTER TABLE can only add and drop plain columns,
 * a table whose change needs more (a type, a nullability, a foreign key, a constrained column, a UNIQUE
 * constraint to drop) is rebuilt the way SQLite documents: create the new table, copy the rows, drop the old
 * table, rename the new one, recreate the indexes, keep the AUTOINCREMENT counter. BlogKit runs SQLite migrations
 * with foreign keys off and checks them after each version, so that dropping the old
 * table deletes no child row through ON DELETE CASCADE. When the undo rebuilds a table that the database had
 * before, it uses the CREATE statements the database stored, so that the schema comes back exactly.
 */
public final class ScriptWriter {

    public static final String REBUILD_PREFIX = "_blogkit_new_";
    private static final Pattern CHECK = Pattern.compile("(?i)\\bCHECK\\s*\\(");
    private static final Pattern DEFAULT = Pattern.compile("(?i)\\bDEFAULT\\s+");

    private final DatabaseKind kind;
    private final Schema current;
    private final Schema desired;
    private final List<Change> changes;
    private final List<String> statements = new ArrayList<>();
    private final Set<String> warnings = new LinkedHashSet<>();

    private ScriptWriter(DatabaseKind kind, Schema current, Schema desired, List<Change> changes) {
        this.kind = kind;
        this.current = current;
        this.desired = desired;
        this.changes = changes;
    }

    /**
     * The statements, without semicolons, and what the way they are written deserves a warning for (a table
     * rebuilt, a value converted, a constraint that goes with a dropped column); {@link ChangeWarnings} says what
     * the changes themselves lose.
     */
    public record Script(List<String> statements, List<String> warnings) {

        public String text() {
            StringBuilder sql = new StringBuilder();
            statements.forEach(s -> sql.append(s).append(";\n"));
            return sql.toString();
        }
    }

    /** The script that makes {@code changes}, which turn {@code current} into {@code desired}. */
    public static Script write(DatabaseKind kind, Schema current, Schema desired, List<Change> changes) {
        ScriptWriter writer = new ScriptWriter(kind, current, desired, changes);
        writer.write();
        return new Script(List.copyOf(writer.statements), List.copyOf(writer.warnings));
    }

    private boolean sqlite() {
        return kind == DatabaseKind.SQLITE;
    }

    private void write() {
        Set<String> rebuilt = new LinkedHashSet<>();
        if (sqlite()) {
            for (Change change : changes) {
                if (needsRebuild(change)) {
                    rebuilt.add(change.table());
                }
            }
        }
        // 1. what goes away first: indexes, unique constraints and foreign keys of tables that are not rebuilt
        for (Change change : changes) {
            if (rebuilt.contains(change.table())) {
                continue;
            }
            if (change instanceof DropIndex drop) {
                statements.add("DROP INDEX " + drop.index().name());
            } else if (change instanceof DropUnique drop) {
                statements.add(sqlite() ? "DROP INDEX " + drop.unique().name()
                        : "ALTER TABLE " + drop.table() + " DROP CONSTRAINT " + drop.unique().name());
            } else if (change instanceof DropForeignKey drop) {
                statements.add("ALTER TABLE " + drop.table() + " DROP CONSTRAINT " + drop.foreignKey().name());
            }
        }
        // 2. new tables, parents before children
        for (Table table : parentsFirst(changes.stream().filter(AddTable.class::isInstance)
                .map(c -> ((AddTable) c).definition()).toList())) {
            createTable(table);
        }
        // 3. changed tables
        for (String table : changes.stream().map(Change::table).distinct().toList()) {
            if (rebuilt.contains(table)) {
                rebuild(table);
                continue;
            }
            for (Change change : changes) {
                if (!change.table().equals(table)) {
                    continue;
                }
                if (change instanceof AddColumn add) {
                    statements.add("ALTER TABLE " + table + " ADD COLUMN " + columnDefinition(add.column(), false, false));
                } else if (change instanceof DropColumn drop) {
                    statements.add("ALTER TABLE " + table + " DROP COLUMN " + drop.column().name());
                } else if (change instanceof AlterColumn alter) {
                    alterColumn(table, alter);
                }
            }
        }
        // 4. tables that go away, children before parents
        List<Table> dropped = parentsFirst(changes.stream().filter(DropTable.class::isInstance)
                .map(c -> ((DropTable) c).definition()).toList());
        for (int i = dropped.size() - 1; i >= 0; i--) {
            statements.add("DROP TABLE " + dropped.get(i).name());
        }
        // 5. what comes last: indexes, unique constraints and foreign keys of tables that are not rebuilt
        for (Change change : changes) {
            if (rebuilt.contains(change.table())) {
                continue;
            }
            if (change instanceof AddIndex add) {
                statements.add(createIndex(add.table(), add.index()));
            } else if (change instanceof AddUnique add) {
                statements.add(sqlite() ? createIndex(add.table(), uniqueIndex(add.unique()))
                        : "ALTER TABLE " + add.table() + " ADD CONSTRAINT " + add.unique().name() + " UNIQUE ("
                        + String.join(", ", add.unique().columns()) + ")");
            } else if (change instanceof AddForeignKey add) {
                statements.add("ALTER TABLE " + add.table() + " ADD " + foreignKey(add.foreignKey()));
            }
        }
    }

    /**
     * Whether SQLite's ALTER TABLE cannot make this change. When the undo restores a table the database had
     * (its stored CREATE is known), anything beyond indexes and the drop of an added column is a rebuild, so
     * that columns come back in their place with their constraints.
     */
    private boolean needsRebuild(Change change) {
        if (change instanceof AddTable || change instanceof DropTable || change instanceof AddIndex
                || change instanceof DropIndex) {
            return false;
        }
        Table from = current.tables().get(change.table());
        Table to = desired.tables().get(change.table());
        boolean restoring = to.createSql() != null;
        if (change instanceof AlterColumn || change instanceof AddForeignKey || change instanceof DropForeignKey) {
            return true;
        }
        if (change instanceof AddColumn add) {
            return restoring || (!add.column().nullable() && add.column().defaultValue() == null);
        }
        if (change instanceof DropColumn drop) {
            return from.createSql() != null && constrained(from, drop.column().name());
        }
        if (change instanceof AddUnique add) {
            return restoring && to.uniques().contains(add.unique());
        }
        return change instanceof DropUnique && from.createSql() != null;
    }

    /** Whether SQLite's DROP COLUMN refuses this column: it is in the key, a constraint or another column's CHECK. */
    private static boolean constrained(Table table, String column) {
        if (table.primaryKey().contains(column)) {
            return true;
        }
        for (CreateTableSql.Part part : CreateTableSql.parts(table.createSql())) {
            if (column.equals(part.column())) {
                String upper = part.text().toUpperCase(Locale.ROOT);
                if (upper.contains("UNIQUE") || upper.contains("REFERENCES") || upper.contains("PRIMARY KEY")) {
                    return true;
                }
            } else if (part.mentions(column)) {
                return true;
            }
        }
        return false;
    }

    private void createTable(Table table) {
        if (table.createSql() != null) {
            statements.add(table.createSql());
            table.indexes().forEach(index -> statements.add(createIndex(table.name(), index)));
            return;
        }
        List<String> parts = new ArrayList<>();
        boolean inlineKey = table.autoIncrement() && table.primaryKey().size() == 1;
        for (Column column : table.columns()) {
            boolean key = inlineKey && column.name().equals(table.primaryKey().get(0));
            parts.add(columnDefinition(column, key, key));
        }
        if (!inlineKey && !table.primaryKey().isEmpty()) {
            parts.add("PRIMARY KEY (" + String.join(", ", table.primaryKey()) + ")");
        }
        for (Unique unique : table.uniques()) {
            parts.add("CONSTRAINT " + unique.name() + " UNIQUE (" + String.join(", ", unique.columns()) + ")");
        }
        for (ForeignKey foreignKey : table.foreignKeys()) {
            parts.add(foreignKey(foreignKey));
        }
        statements.add(createTableStatement(table.name(), parts));
        table.indexes().forEach(index -> statements.add(createIndex(table.name(), index)));
    }

    private static String createTableStatement(String name, List<String> parts) {
        return "CREATE TABLE " + name + " (\n    " + String.join(",\n    ", parts) + "\n)";
    }

    private String columnDefinition(Column column, boolean primaryKey, boolean autoIncrement) {
        StringBuilder definition = new StringBuilder(column.name()).append(' ').append(column.type());
        if (primaryKey && autoIncrement) {
            definition.append(sqlite() ? " NOT NULL PRIMARY KEY AUTOINCREMENT" : " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
            return definition.toString();
        }
        if (column.defaultValue() != null) {
            definition.append(" DEFAULT ").append(column.defaultValue());
        }
        if (!column.nullable()) {
            definition.append(" NOT NULL");
        }
        return definition.toString();
    }

    private String foreignKey(ForeignKey foreignKey) {
        return "CONSTRAINT " + foreignKey.name() + " FOREIGN KEY (" + String.join(", ", foreignKey.columns())
                + ") REFERENCES " + foreignKey.referencedTable() + " (" + String.join(", ", foreignKey.referencedColumns())
                + ")" + (foreignKey.onDelete().equals("NO ACTION") ? "" : " ON DELETE " + foreignKey.onDelete());
    }

    /** On SQLite a unique constraint added later is a unique index: ALTER TABLE cannot add the constraint. */
    private static Index uniqueIndex(Unique unique) {
        return new Index(unique.name(), unique.columns(), true, null);
    }

    private static String createIndex(String table, Index index) {
        if (index.createSql() != null) {
            return index.createSql();
        }
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + index.name() + " ON " + table + " ("
                + String.join(", ", index.columns()) + ")";
    }

    private void alterColumn(String table, AlterColumn alter) {
        Column from = alter.from();
        Column to = alter.to();
        if (!from.sameType(to)) {
            statements.add("ALTER TABLE " + table + " ALTER COLUMN " + to.name() + " TYPE " + to.type() + " USING "
                    + to.name() + "::" + to.type());
            warnings.add(table + "." + to.name() + " changes type from " + from.type() + " to " + to.type()
                    + ": the database converts the values and fails the script on one it cannot convert");
        }
        if (from.nullable() != to.nullable()) {
            statements.add("ALTER TABLE " + table + " ALTER COLUMN " + to.name() + (to.nullable() ? " DROP NOT NULL" : " SET NOT NULL"));
            if (!to.nullable()) {
                warnings.add(table + "." + to.name() + " becomes NOT NULL: the script fails while a row holds NULL there");
            }
        }
    }

    /** SQLite's documented table rebuild, in the migration's transaction. */
    private void rebuild(String name) {
        Table from = current.tables().get(name);
        Table to = desired.tables().get(name);
        String temporary = REBUILD_PREFIX + name;
        String create;
        if (to.createSql() != null) {
            create = renamed(to.createSql(), name, temporary);
        } else {
            create = createTableStatement(temporary, rebuiltParts(from, to));
        }
        List<String> copied = to.columnNames().stream().filter(c -> from.column(c).isPresent()).toList();
        statements.add(create);
        statements.add("INSERT INTO " + temporary + " (" + String.join(", ", copied) + ") SELECT "
                + String.join(", ", copied) + " FROM " + name);
        if (from.autoIncrement() && to.autoIncrement()) {
            // AUTOINCREMENT never gives an id twice: the counter moves over, not just the highest id copied
            statements.add("DELETE FROM sqlite_sequence WHERE name = '" + temporary + "'");
            statements.add("INSERT INTO sqlite_sequence (name, seq) SELECT '" + temporary + "', seq FROM sqlite_sequence "
                    + "WHERE name = '" + name + "'");
        }
        statements.add("DROP TABLE " + name);
        statements.add("ALTER TABLE " + temporary + " RENAME TO " + name);
        if (to.createSql() != null) {
            to.indexes().forEach(index -> statements.add(createIndex(name, index)));
        } else {
            List<String> dropped = changes.stream().filter(c -> c instanceof DropColumn && c.table().equals(name))
                    .map(c -> ((DropColumn) c).column().name()).toList();
            for (Index index : from.indexes()) {
                boolean goes = changes.stream().anyMatch(c -> c instanceof DropIndex drop && drop.table().equals(name)
                        && drop.index().equals(index)) || index.columns().stream().anyMatch(dropped::contains);
                if (!goes) {
                    statements.add(createIndex(name, index));
                }
            }
            for (Change change : changes) {
                if (change instanceof AddIndex add && add.table().equals(name)) {
                    statements.add(createIndex(name, add.index()));
                } else if (change instanceof AddUnique add && add.table().equals(name)) {
                    statements.add(createIndex(name, uniqueIndex(add.unique())));
                }
            }
        }
        warnings.add("table " + name + " is rebuilt (SQLite's ALTER TABLE cannot make this change): a new table, "
                + "a copy of every row, the old table dropped, the new one renamed, its indexes recreated");
    }

    /** The new table's definition: the stored column definitions and constraints, changed as the entities ask. */
    private List<String> rebuiltParts(Table from, Table to) {
        List<String> droppedColumns = new ArrayList<>();
        List<Column> altered = new ArrayList<>();
        List<List<String>> droppedUniques = new ArrayList<>();
        List<List<String>> droppedKeys = new ArrayList<>();
        for (Change change : changes) {
            if (!change.table().equals(to.name())) {
                continue;
            }
            if (change instanceof DropColumn drop) {
                droppedColumns.add(drop.column().name());
            } else if (change instanceof AlterColumn alter) {
                altered.add(alter.to());
            } else if (change instanceof DropUnique drop) {
                droppedUniques.add(drop.unique().columns());
            } else if (change instanceof DropForeignKey drop) {
                droppedKeys.add(drop.foreignKey().columns());
            }
        }
        List<CreateTableSql.Part> stored = CreateTableSql.parts(from.createSql());
        List<String> parts = new ArrayList<>();
        for (CreateTableSql.Part part : stored) {
            if (!part.isColumn() || droppedColumns.contains(part.column())) {
                continue;
            }
            String upper = part.text().toUpperCase(Locale.ROOT);
            boolean loosesInlineConstraint = (droppedUniques.contains(List.of(part.column())) && upper.contains("UNIQUE"))
                    || (droppedKeys.contains(List.of(part.column())) && upper.contains("REFERENCES"));
            Column wanted = altered.stream().filter(c -> c.name().equals(part.column())).findFirst().orElse(null);
            if (wanted == null && !loosesInlineConstraint) {
                parts.add(part.text());
                continue;
            }
            Column column = wanted != null ? wanted : to.column(part.column()).orElseThrow();
            boolean key = from.primaryKey().equals(List.of(column.name()));
            StringBuilder definition = new StringBuilder(columnDefinition(new Column(column.name(), column.type(),
                    column.nullable(), storedDefault(part.text())), key, key && from.autoIncrement()));
            checks(part.text()).forEach(check -> definition.append(' ').append(check));
            parts.add(definition.toString());
        }
        for (Column column : to.columns()) {
            if (from.column(column.name()).isEmpty()) {
                parts.add(columnDefinition(column, false, false));
            }
        }
        for (CreateTableSql.Part part : stored) {
            if (part.isColumn()) {
                continue;
            }
            boolean goes = ("UNIQUE".equals(part.kind()) && droppedUniques.contains(part.columns()))
                    || ("FOREIGN KEY".equals(part.kind()) && droppedKeys.contains(part.columns()));
            String mentioned = droppedColumns.stream().filter(part::mentions).findFirst().orElse(null);
            if (mentioned != null && !goes) {
                warnings.add(to.name() + ": the constraint '" + part.text() + "' names the dropped column " + mentioned
                        + " and is dropped with it");
                goes = true;
            }
            if (!goes) {
                parts.add(part.text());
            }
        }
        changes.stream().filter(c -> c instanceof AddForeignKey && c.table().equals(to.name()))
                .forEach(c -> parts.add(foreignKey(((AddForeignKey) c).foreignKey())));
        return parts;
    }

    /** The DEFAULT of a stored column definition, as written. */
    private static String storedDefault(String columnDefinition) {
        Matcher m = DEFAULT.matcher(columnDefinition);
        if (!m.find()) {
            return null;
        }
        String rest = columnDefinition.substring(m.end());
        if (rest.startsWith("(")) {
            return rest.substring(0, closing(rest, 0) + 1);
        }
        return rest.split("\\s+")[0];
    }

    /** The CHECK clauses of a stored column definition, as written. */
    private static List<String> checks(String columnDefinition) {
        List<String> checks = new ArrayList<>();
        Matcher m = CHECK.matcher(columnDefinition);
        while (m.find()) {
            int open = m.end() - 1;
            checks.add(columnDefinition.substring(m.start(), closing(columnDefinition, open) + 1));
        }
        return checks;
    }

    private static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                i = text.indexOf('\'', i + 1);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new MigrationException("unbalanced parentheses in " + text);
    }

    /** A stored CREATE TABLE statement for another table name. */
    private static String renamed(String createSql, String name, String newName) {
        Matcher m = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+(\"" + Pattern.quote(name) + "\"|`" + Pattern.quote(name)
                + "`|\\[" + Pattern.quote(name) + "]|" + Pattern.quote(name) + ")").matcher(createSql);
        if (!m.find()) {
            throw new MigrationException("cannot read the stored definition of " + name + ": " + createSql);
        }
        return "CREATE TABLE " + newName + createSql.substring(m.end());
    }

    /** Tables ordered so that a table comes after the tables its foreign keys reference. */
    private static List<Table> parentsFirst(List<Table> tables) {
        List<Table> ordered = new ArrayList<>();
        List<Table> left = new ArrayList<>(tables);
        while (!left.isEmpty()) {
            boolean progress = false;
            for (Table table : List.copyOf(left)) {
                boolean ready = table.foreignKeys().stream().allMatch(fk -> fk.referencedTable().equals(table.name())
                        || left.stream().noneMatch(t -> t.name().equals(fk.referencedTable())));
                if (ready) {
                    ordered.add(table);
                    left.remove(table);
                    progress = true;
                }
            }
            if (!progress) {
                // a cycle: the remaining order does not matter to SQLite, and PostgreSQL would need ALTERs
                ordered.addAll(left);
                break;
            }
        }
        return ordered;
    }
}
