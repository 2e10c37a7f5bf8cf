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
import dev.blogkit.internal.schema.SchemaModel.Index;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.migration.MigrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's table rebuild, for what its ALTER TABLE cannot do (a type, a nullability, a foreign key, a constrained
 * column, a UNIQUE constraint to drop), the way SQLite documents it: create the new table, copy the rows, drop the
 * old table, rename the new one, recreate the indexes, keep the AUTOINCREMENT counter. When the undo rebuilds a
 * table that the database had before, it uses the CREATE statement the database stored, so that the schema comes
 * back exactly.
 */
public final class SqliteRebuild {

    /** The name the new table has until the old one is dropped. */
    public static final String REBUILD_PREFIX = "_blogkit_new_";
    private static final Pattern CHECK = Pattern.compile("(?i)\\bCHECK\\s*\\(");
    private static final Pattern DEFAULT = Pattern.compile("(?i)\\bDEFAULT\\s+");

    private final Schema current;
    private final Schema desired;
    private final List<Change> changes;
    private final List<String> statements;
    private final Set<String> warnings;

    SqliteRebuild(Schema current, Schema desired, List<Change> changes, List<String> statements, Set<String> warnings) {
        this.current = current;
        this.desired = desired;
        this.changes = changes;
        this.statements = statements;
        this.warnings = warnings;
    }

    /**
     * Whether SQLite's ALTER TABLE cannot make this change. When the undo restores a table the database had
     * (its stored CREATE is known), anything beyond indexes and the drop of an added column is a rebuild, so
     * that columns come back in their place with their constraints.
     */
    boolean needed(Change change) {
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

/** SQLite's documented table rebuild, in the migration's transaction. */
    void rebuild(String name) {
        Table from = current.tables().get(name);
        Table to = desired.tables().get(name);
        String temporary = REBUILD_PREFIX + name;
        String create;
        if (to.createSql() != null) {
            create = renamed(to.createSql(), name, temporary);
        } else {
            create = Ddl.createTableStatement(temporary, rebuiltParts(from, to));
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
            to.indexes().forEach(index -> statements.add(Ddl.createIndex(name, index)));
        } else {
            List<String> dropped = changes.stream().filter(c -> c instanceof DropColumn && c.table().equals(name))
                    .map(c -> ((DropColumn) c).column().name()).toList();
            for (Index index : from.indexes()) {
                boolean goes = changes.stream().anyMatch(c -> c instanceof DropIndex drop && drop.table().equals(name)
                        && drop.index().equals(index)) || index.columns().stream().anyMatch(dropped::contains);
                if (!goes) {
                    statements.add(Ddl.createIndex(name, index));
                }
            }
            for (Change change : changes) {
                if (change instanceof AddIndex add && add.table().equals(name)) {
                    statements.add(Ddl.createIndex(name, add.index()));
                } else if (change instanceof AddUnique add && add.table().equals(name)) {
                    statements.add(Ddl.createIndex(name, Ddl.uniqueIndex(add.unique())));
                }
            }
        }
        // the old table's triggers went with it (the search index's feed among them): created again, on the new
        // table; one that names a column the rebuild drops fails the migration, which is then rolled back
        from.triggers().forEach(statements::add);
        warnings.add("table " + name + " is rebuilt (SQLite's ALTER TABLE cannot make this change): a new table, "
                + "a copy of every row, the old table dropped, the new one renamed, its indexes"
                + (from.triggers().isEmpty() ? "" : " and triggers") + " recreated");
    }

/** The new table's definition: the stored column definitions and constraints, changed as the entities ask. */
    private List<String> rebuiltParts(Table from, Table to) {
        List<String> droppedColumns = new ArrayList<>();
        List<AlterColumn> altered = new ArrayList<>();
        List<List<String>> droppedUniques = new ArrayList<>();
        List<List<String>> droppedKeys = new ArrayList<>();
        for (Change change : changes) {
            if (!change.table().equals(to.name())) {
                continue;
            }
            if (change instanceof DropColumn drop) {
                droppedColumns.add(drop.column().name());
            } else if (change instanceof AlterColumn alter) {
                altered.add(alter);
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
            AlterColumn alter = altered.stream().filter(a -> a.to().name().equals(part.column())).findFirst().orElse(null);
            if (alter == null && !loosesInlineConstraint) {
                parts.add(part.text());
                continue;
            }
            Column column = alter != null ? alter.to() : to.column(part.column()).orElseThrow();
            // the stored default stays, unless the change sets another
            String defaultValue = alter != null && alter.newDefault() ? column.defaultValue() : storedDefault(part.text());
            boolean key = from.primaryKey().equals(List.of(column.name()));
            StringBuilder definition = new StringBuilder(Ddl.columnDefinition(DatabaseKind.SQLITE, new Column(column.name(), column.type(),
                    column.nullable(), defaultValue), key, key && from.autoIncrement()));
            checks(part.text()).forEach(check -> definition.append(' ').append(check));
            parts.add(definition.toString());
        }
        for (Column column : to.columns()) {
            if (from.column(column.name()).isEmpty()) {
                parts.add(Ddl.columnDefinition(DatabaseKind.SQLITE, column, false, false));
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
                .forEach(c -> parts.add(Ddl.foreignKey(((AddForeignKey) c).foreignKey())));
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
}
