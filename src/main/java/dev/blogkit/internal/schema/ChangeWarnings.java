package dev.blogkit.internal.schema;

import dev.blogkit.internal.schema.SchemaDiff.AddColumn;
import dev.blogkit.internal.schema.SchemaDiff.AddTable;
import dev.blogkit.internal.schema.SchemaDiff.Change;
import dev.blogkit.internal.schema.SchemaDiff.DropColumn;
import dev.blogkit.internal.schema.SchemaDiff.DropTable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a list of changes loses or may fail on, whatever SQL makes it: a table or column dropped with its data, a
 * NOT NULL column added without a default, a drop plus an add that may be a rename. Read from the change values
 * alone, for a migration and, in its own words, for its undo.
 */
public final class ChangeWarnings {

    private ChangeWarnings() {
    }

    /** The warnings of a migration's changes. */
    public static List<String> ofMigration(List<Change> changes) {
        List<String> warnings = new ArrayList<>();
        for (Change change : changes) {
            if (change instanceof DropTable drop) {
                warnings.add("table " + drop.table() + " is dropped with its rows; undoing brings the table back empty");
                changes.stream().filter(c -> c instanceof AddTable add
                                && add.definition().columnNames().equals(drop.definition().columnNames()))
                        .forEach(c -> warnings.add("table " + drop.table() + " -> " + c.table() + " may be a rename: "
                                + "it is written as a drop plus a create, which loses the rows; if it is a rename, write "
                                + "ALTER TABLE " + drop.table() + " RENAME TO " + c.table() + " instead"));
            } else if (change instanceof AddColumn add && notNullWithoutDefault(add)) {
                warnings.add(add.table() + "." + add.column().name() + " is NOT NULL without a default: the script "
                        + "fails on a table that has rows; give it a default (@ColumnDefault) or fill it in the script");
            } else if (change instanceof DropColumn drop) {
                changes.stream().filter(c -> c instanceof AddColumn add && add.table().equals(drop.table())
                                && add.column().family() == drop.column().family())
                        .map(c -> ((AddColumn) c).column().name())
                        .forEach(added -> warnings.add(drop.table() + "." + drop.column().name() + " -> " + added
                                + " may be a rename: it is written as a drop plus an add, which loses the values; "
                                + "if it is a rename, write ALTER TABLE " + drop.table() + " RENAME COLUMN "
                                + drop.column().name() + " TO " + added + " instead"));
                warnings.add(drop.table() + "." + drop.column().name() + " is dropped with its values; undoing brings "
                        + "the column back empty");
            }
        }
        return warnings;
    }

    /** The warnings of an undo's changes (a migration's, reversed): what undoing loses or may fail on. */
    public static List<String> ofUndo(List<Change> undoChanges) {
        List<String> warnings = new ArrayList<>();
        for (Change change : undoChanges) {
            if (change instanceof DropTable drop) {
                warnings.add("undoing drops table " + drop.table() + " with its rows");
            } else if (change instanceof AddColumn add && notNullWithoutDefault(add)) {
                warnings.add("undoing adds " + add.table() + "." + add.column().name() + " back NOT NULL without "
                        + "a default: the undo fails while the table has rows");
            } else if (change instanceof DropColumn drop) {
                warnings.add("undoing drops " + drop.table() + "." + drop.column().name() + " with its values");
            }
        }
        return warnings;
    }

    private static boolean notNullWithoutDefault(AddColumn add) {
        return !add.column().nullable() && add.column().defaultValue() == null;
    }
}
