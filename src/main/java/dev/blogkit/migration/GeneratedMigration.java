package dev.blogkit.migration;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Migrations#generate} wrote: the next version's migration and its undo script, the changes they
 * make, and what the generator could not know (a rename comes out as a drop plus an add, a NOT NULL column
 * without a default fails on a table with rows). When the entities and the database already match, nothing is
 * written: {@link #written()} is false and the scripts are empty.
 *
 * @param version the version the scripts are for, for example {@code 4}
 * @param changes the differences the migration removes, as {@link SchemaCheck} prints them
 */
public record GeneratedMigration(String version, Optional<Path> migrationScript, Optional<Path> undoScript,
                                 List<String> changes, List<String> warnings, List<String> ignored) {

    /** {@code ignored}: the tables generate left alone because the set does not own them, each with the reason. */
    public GeneratedMigration {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
        ignored = List.copyOf(ignored);
    }

    public GeneratedMigration(String version, Optional<Path> migrationScript, Optional<Path> undoScript,
                              List<String> changes, List<String> warnings) {
        this(version, migrationScript, undoScript, changes, warnings, List.of());
    }

    public boolean written() {
        return migrationScript.isPresent();
    }
}
