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
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.SchemaModel.Unique;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the SQL that makes a list of {@link SchemaDiff} changes, for SQLite or PostgreSQL: the same way for a
 * migration (database to entities) and for its undo (the migration's changes reversed, entities back to the
 * database as it was).
 *
 * <p>Generic DDL ({@link Ddl}) where ALTER TABLE can make the change: on PostgreSQL, every change; on SQLite,
 * whose ALTER TABLE only adds and drops plain columns, a table whose change needs more is rebuilt
 * ({@link SqliteRebuild}). BlogKit runs SQLite migrations with foreign keys off and checks them after each version,
 * so that dropping the old table deletes no child row through ON DELETE CASCADE.
 */
public final class ScriptWriter {


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
        SqliteRebuild rebuild = new SqliteRebuild(current, desired, changes, statements, warnings);
        if (sqlite()) {
            for (Change change : changes) {
                if (rebuild.needed(change)) {
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
                rebuild.rebuild(table);
                continue;
            }
            for (Change change : changes) {
                if (!change.table().equals(table)) {
                    continue;
                }
                if (change instanceof AddColumn add) {
                    statements.add("ALTER TABLE " + table + " ADD COLUMN " + Ddl.columnDefinition(kind, add.column(), false, false));
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
                statements.add(Ddl.createIndex(add.table(), add.index()));
            } else if (change instanceof AddUnique add) {
                statements.add(sqlite() ? Ddl.createIndex(add.table(), Ddl.uniqueIndex(add.unique()))
                        : "ALTER TABLE " + add.table() + " ADD CONSTRAINT " + add.unique().name() + " UNIQUE ("
                        + String.join(", ", add.unique().columns()) + ")");
            } else if (change instanceof AddForeignKey add) {
                statements.add("ALTER TABLE " + add.table() + " ADD " + Ddl.foreignKey(add.foreignKey()));
            }
        }
    }

    private void createTable(Table table) {
        if (table.createSql() != null) {
            statements.add(table.createSql());
            table.indexes().forEach(index -> statements.add(Ddl.createIndex(table.name(), index)));
            return;
        }
        List<String> parts = new ArrayList<>();
        boolean inlineKey = table.autoIncrement() && table.primaryKey().size() == 1;
        for (Column column : table.columns()) {
            boolean key = inlineKey && column.name().equals(table.primaryKey().get(0));
            parts.add(Ddl.columnDefinition(kind, column, key, key));
        }
        if (!inlineKey && !table.primaryKey().isEmpty()) {
            parts.add("PRIMARY KEY (" + String.join(", ", table.primaryKey()) + ")");
        }
        for (Unique unique : table.uniques()) {
            parts.add("CONSTRAINT " + unique.name() + " UNIQUE (" + String.join(", ", unique.columns()) + ")");
        }
        for (ForeignKey foreignKey : table.foreignKeys()) {
            parts.add(Ddl.foreignKey(foreignKey));
        }
        statements.add(Ddl.createTableStatement(table.name(), parts));
        table.indexes().forEach(index -> statements.add(Ddl.createIndex(table.name(), index)));
    }

    private void alterColumn(String table, AlterColumn alter) {
        Column from = alter.from();
        Column to = alter.to();
        if (!from.sameType(to, kind)) {
            boolean sameType = Column.postgresqlType(from.type()).equals(Column.postgresqlType(to.type()));
            List<Integer> scale = Column.modifiers(to.type());
            if (to.family() == SchemaModel.TypeFamily.NUMERIC && scale.size() == 2) {
                // a cast to fewer decimal places rounds without a word: refuse the rows it would change instead
                String column = table + "." + to.name();
                statements.add("DO $$ BEGIN IF EXISTS (SELECT 1 FROM " + table + " WHERE " + to.name() + "::NUMERIC <> "
                        + "round(" + to.name() + "::NUMERIC, " + scale.get(1) + ")) THEN RAISE EXCEPTION '" + column
                        + " holds a value with more than " + scale.get(1) + " decimal places, which " + to.type()
                        + " would round: nothing was changed'; END IF; END $$");
            }
            // a length or a precision of the same type: no USING, so that PostgreSQL's assignment cast refuses a
            // value too long rather than cut it (an explicit cast to VARCHAR(n) truncates)
            statements.add("ALTER TABLE " + table + " ALTER COLUMN " + to.name() + " TYPE " + to.type()
                    + (sameType ? "" : " USING " + to.name() + "::" + to.type()));
            warnings.add(table + "." + to.name() + " changes type from " + from.type() + " to " + to.type()
                    + ": the database converts the values and fails the script on one it cannot convert"
                    + (sameType ? " (a value too long or too large for the new type)" : ""));
        }
        if (alter.newDefault()) {
            statements.add("ALTER TABLE " + table + " ALTER COLUMN " + to.name()
                    + (to.defaultValue() == null ? " DROP DEFAULT" : " SET DEFAULT " + to.defaultValue()));
        }
        if (from.nullable() != to.nullable()) {
            statements.add("ALTER TABLE " + table + " ALTER COLUMN " + to.name() + (to.nullable() ? " DROP NOT NULL" : " SET NOT NULL"));
            if (!to.nullable()) {
                warnings.add(table + "." + to.name() + " becomes NOT NULL: the script fails while a row holds NULL there");
            }
        }
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
