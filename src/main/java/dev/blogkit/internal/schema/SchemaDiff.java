package dev.blogkit.internal.schema;

import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.ForeignKey;
import dev.blogkit.internal.schema.SchemaModel.Index;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.SchemaModel.Unique;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What separates a database's schema from the one it should have, as a list of changes that turn {@code current}
 * into {@code desired}. Columns compare by name, type and nullability: on SQLite the type's family
 * ({@link SchemaModel.TypeFamily}), since SQLite enforces no length; on PostgreSQL the type with its length,
 * precision and scale ({@link Column#sameType});
 * indexes, unique constraints and foreign keys by what they do, not by their names. Defaults and CHECK
 * constraints are not compared (as Alembic's autogenerate by default): the entities rarely state them.
 */
public final class SchemaDiff {

    private SchemaDiff() {
    }

    /** One difference, and the change that removes it. */
    public sealed interface Change {

        String table();

        /** The difference as {@code check} prints it, for example {@code + column users.bio TEXT}. */
        String describe();

        /** The change that takes this one back: an added column's drop, an altered column's alteration back. */
        Change reverse();
    }

    public record AddTable(Table definition) implements Change {
        public String table() {
            return definition.name();
        }

        public String describe() {
            return "+ table " + definition.name() + " (" + String.join(", ", definition.columnNames()) + ")";
        }

        public Change reverse() {
            return new DropTable(definition);
        }
    }

    public record DropTable(Table definition) implements Change {
        public String table() {
            return definition.name();
        }

        public String describe() {
            return "- table " + definition.name() + ": in the database, not in the entities";
        }

        public Change reverse() {
            return new AddTable(definition);
        }
    }

    public record AddColumn(String table, Column column) implements Change {
        public String describe() {
            return "+ column " + table + "." + column.name() + " " + column.type() + (column.nullable() ? "" : " NOT NULL");
        }

        public Change reverse() {
            return new DropColumn(table, column);
        }
    }

    public record DropColumn(String table, Column column) implements Change {
        public String describe() {
            return "- column " + table + "." + column.name() + ": in the database, not in the entities";
        }

        public Change reverse() {
            return new AddColumn(table, column);
        }
    }

    /**
     * A column whose type, nullability or default changes. {@code newDefault}: whether its default changes too,
     * which the comparison says only where the entities declare one ({@code @ColumnDefault}): a default the database
     * has and the entities do not mention is the database's own, never dropped; an undo puts back the default the
     * migration changed.
     */
    public record AlterColumn(String table, Column from, Column to, DatabaseKind kind, boolean newDefault)
            implements Change {

        /** The change from {@code from} (the database's) to {@code to} (the entities'), as the comparison sees it. */
        public AlterColumn(String table, Column from, Column to, DatabaseKind kind) {
            this(table, from, to, kind, to.defaultValue() != null && !from.sameDefault(to));
        }

        public String describe() {
            List<String> what = new ArrayList<>();
            if (!from.sameType(to, kind)) {
                what.add("type " + from.type() + " -> " + to.type());
            }
            if (from.nullable() != to.nullable()) {
                what.add(from.nullable() ? "nullable -> NOT NULL" : "NOT NULL -> nullable");
            }
            if (newDefault) {
                what.add("default " + Column.shownDefault(from.defaultValue()) + " -> " + Column.shownDefault(to.defaultValue()));
            }
            return "~ column " + table + "." + from.name() + ": " + String.join(", ", what);
        }

        public Change reverse() {
            return new AlterColumn(table, to, from, kind, newDefault);
        }
    }

    public record AddIndex(String table, Index index) implements Change {
        public String describe() {
            return "+ index " + index.name() + " on " + table + " (" + String.join(", ", index.columns()) + ")";
        }

        public Change reverse() {
            return new DropIndex(table, index);
        }
    }

    public record DropIndex(String table, Index index) implements Change {
        public String describe() {
            return "- index " + index.name() + " on " + table + " (" + String.join(", ", index.columns()) + ")";
        }

        public Change reverse() {
            return new AddIndex(table, index);
        }
    }

    public record AddUnique(String table, Unique unique) implements Change {
        public String describe() {
            return "+ unique " + unique.name() + " on " + table + " (" + String.join(", ", unique.columns()) + ")";
        }

        public Change reverse() {
            return new DropUnique(table, unique);
        }
    }

    public record DropUnique(String table, Unique unique) implements Change {
        public String describe() {
            return "- unique " + (unique.name() == null ? "" : unique.name() + " ") + "on " + table + " ("
                    + String.join(", ", unique.columns()) + ")";
        }

        public Change reverse() {
            return new AddUnique(table, unique);
        }
    }

    public record AddForeignKey(String table, ForeignKey foreignKey) implements Change {
        public String describe() {
            return "+ foreign key " + foreignKey.name() + ": " + table + " (" + String.join(", ", foreignKey.columns())
                    + ") -> " + foreignKey.referencedTable() + " (" + String.join(", ", foreignKey.referencedColumns())
                    + ") ON DELETE " + foreignKey.onDelete();
        }

        public Change reverse() {
            return new DropForeignKey(table, foreignKey);
        }
    }

    public record DropForeignKey(String table, ForeignKey foreignKey) implements Change {
        public String describe() {
            return "- foreign key " + (foreignKey.name() == null ? "" : foreignKey.name() + " ") + table + " ("
                    + String.join(", ", foreignKey.columns()) + ") -> " + foreignKey.referencedTable()
                    + " ON DELETE " + foreignKey.onDelete();
        }

        public Change reverse() {
            return new AddForeignKey(table, foreignKey);
        }
    }

    /**
     * The changes that turn the tables {@code scope} names from {@code current} into {@code desired}: tables in
     * the scope but in only one of the two are added or dropped.
     */
    public static List<Change> compare(Schema current, Schema desired, Set<String> scope, DatabaseKind kind) {
        List<Change> changes = new ArrayList<>();
        for (String name : new TreeSet<>(scope)) {
            Table from = current.tables().get(name);
            Table to = desired.tables().get(name);
            if (from == null && to != null) {
                changes.add(new AddTable(to));
            } else if (from != null && to == null) {
                changes.add(new DropTable(from));
            } else if (from != null) {
                compareTable(from, to, kind, changes);
            }
        }
        return changes;
    }

    /** The changes that take {@code changes} back, in the order that undoes them: the last change first. */
    public static List<Change> reverse(List<Change> changes) {
        List<Change> reversed = new ArrayList<>(changes.size());
        for (int i = changes.size() - 1; i >= 0; i--) {
            reversed.add(changes.get(i).reverse());
        }
        return reversed;
    }

    private static void compareTable(Table from, Table to, DatabaseKind kind, List<Change> changes) {
        String table = to.name();
        for (Column column : to.columns()) {
            from.column(column.name()).ifPresentOrElse(existing -> {
                AlterColumn alter = new AlterColumn(table, existing, column, kind);
                if (!existing.sameType(column, kind) || existing.nullable() != column.nullable() || alter.newDefault()) {
                    changes.add(alter);
                }
            }, () -> changes.add(new AddColumn(table, column)));
        }
        for (Column column : from.columns()) {
            if (to.column(column.name()).isEmpty()) {
                changes.add(new DropColumn(table, column));
            }
        }

        // unique constraints: a unique index does the same job, so either form satisfies the other
        List<Index> fromIndexes = new ArrayList<>(from.indexes());
        List<Unique> fromUniques = new ArrayList<>(from.uniques());
        for (Unique unique : to.uniques()) {
            if (!fromUniques.removeIf(u -> sameColumns(u.columns(), unique.columns()))
                    && !removeFirst(fromIndexes, i -> i.unique() && sameColumns(i.columns(), unique.columns()))) {
                changes.add(new AddUnique(table, unique));
            }
        }
        List<Index> toIndexes = new ArrayList<>();
        for (Index index : to.indexes()) {
            List<String> columns = keyColumns(index.columns(), to, kind);
            if (removeFirst(fromIndexes, i -> i.unique() == index.unique() && keyColumns(i.columns(), from, kind).equals(columns))) {
                continue;
            }
            if (index.unique() && fromUniques.removeIf(u -> sameColumns(u.columns(), index.columns()))) {
                continue;
            }
            toIndexes.add(index);
        }
        for (Unique unique : fromUniques) {
            changes.add(new DropUnique(table, unique));
        }
        for (Index index : fromIndexes) {
            changes.add(new DropIndex(table, index));
        }
        for (Index index : toIndexes) {
            changes.add(new AddIndex(table, index));
        }

        List<ForeignKey> fromKeys = new ArrayList<>(from.foreignKeys());
        for (ForeignKey foreignKey : to.foreignKeys()) {
            if (!removeFirst(fromKeys, fk -> fk.sameAs(foreignKey))) {
                changes.add(new AddForeignKey(table, foreignKey));
            }
        }
        for (ForeignKey foreignKey : fromKeys) {
            changes.add(new DropForeignKey(table, foreignKey));
        }
    }

    /**
     * An index's key as it is stored. SQLite appends the rowid to every index entry, so where the table's id is
     * its INTEGER PRIMARY KEY (the rowid), {@code (published, created_at)} and {@code (published, created_at, id)}
     * are the same index.
     */
    private static List<String> keyColumns(List<String> columns, Table table, DatabaseKind kind) {
        if (kind == DatabaseKind.SQLITE && table.primaryKey().size() == 1 && columns.size() > 1
                && columns.get(columns.size() - 1).equals(table.primaryKey().get(0))
                && table.column(table.primaryKey().get(0)).map(c -> c.family() == SchemaModel.TypeFamily.INTEGER).orElse(false)) {
            return columns.subList(0, columns.size() - 1);
        }
        return columns;
    }

    private static boolean sameColumns(List<String> a, List<String> b) {
        return new TreeSet<>(a).equals(new TreeSet<>(b));
    }

    private static <T> boolean removeFirst(List<T> list, java.util.function.Predicate<T> match) {
        for (int i = 0; i < list.size(); i++) {
            if (match.test(list.get(i))) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }
}
