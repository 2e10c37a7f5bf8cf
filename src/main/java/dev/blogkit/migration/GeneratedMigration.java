package dev.blogkit.migration;

import dev.blogkit.DatabaseKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Migrations#generate} wrote: the next version's migration and its undo script, the changes they
 * make, and what the generator could not know (a rename comes out as a drop plus an add, a NOT NULL column
 * without a default fails on a table with rows). When the entities and the database already match, nothing is
 * written: {@link #written()} is false and the scripts are empty.
 *
 * <p>An application's version is written for every database its migrations are for
 * ({@link dev.blogkit.BlogConfig#migrationDatabases()}) as one version number: {@link #scripts()} lists each
 * database's migration and undo script, {@link #changesByDatabase()} what each one changes (a length, say, changes
 * on PostgreSQL and not on SQLite, whose script then changes nothing but keeps the versions in step).
 *
 * @param version the version the scripts are for, for example {@code 4}
 * @param migrationScript the configured database's migration script
 * @param undoScript the configured database's undo script
 * @param changes the differences the configured database's migration removes, as {@link SchemaCheck} prints them
 * @param ignored the tables generate left alone because the set does not own them, each with the reason
 * @param changesByDatabase the changes of each database's script, the configured database first
 * @param scripts every script written: for each database its migration, then its undo
 */
public record GeneratedMigration(String version, Optional<Path> migrationScript, Optional<Path> undoScript,
                                 List<String> changes, List<String> warnings, List<String> ignored,
                                 Map<DatabaseKind, List<String>> changesByDatabase, List<Path> scripts) {

    public GeneratedMigration {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
        ignored = List.copyOf(ignored);
        Map<DatabaseKind, List<String>> copy = new java.util.LinkedHashMap<>();
        changesByDatabase.forEach((kind, list) -> copy.put(kind, List.copyOf(list)));
        changesByDatabase = java.util.Collections.unmodifiableMap(copy);
        scripts = List.copyOf(scripts);
    }

    /** One database's version, or none written. */
    public GeneratedMigration(String version, Optional<Path> migrationScript, Optional<Path> undoScript,
                              List<String> changes, List<String> warnings, List<String> ignored) {
        this(version, migrationScript, undoScript, changes, warnings, ignored, Map.of(),
                java.util.stream.Stream.of(migrationScript, undoScript).flatMap(Optional::stream).toList());
    }

    public GeneratedMigration(String version, Optional<Path> migrationScript, Optional<Path> undoScript,
                              List<String> changes, List<String> warnings) {
        this(version, migrationScript, undoScript, changes, warnings, List.of());
    }

    public boolean written() {
        return migrationScript.isPresent();
    }
}
