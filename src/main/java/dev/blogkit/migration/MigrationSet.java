package dev.blogkit.migration;

import dev.blogkit.DatabaseKind;
import java.util.List;

/**
 * A set of versioned migrations with their undo scripts and their own history table.
 *
 * @param historyTable the Flyway history table of this set
 * @param migrationLocations Flyway locations of the {@code V<version>__<description>.sql} scripts
 * @param undoLocations class path folders of the {@code U<version>__<description>.sql} undo scripts, where
 *     Flyway does not look
 */
record MigrationSet(String historyTable, List<String> migrationLocations, List<String> undoLocations) {

    /** The migrations BlogKit ships for this database: the SQL differs between SQLite and PostgreSQL. */
    static MigrationSet blogkit(DatabaseKind kind) {
        return new MigrationSet("blogkit_schema_history", List.of("classpath:db/blogkit/migration/" + kind.folder()),
                List.of("db/blogkit/undo/" + kind.folder()));
    }

    MigrationSet {
        migrationLocations = List.copyOf(migrationLocations);
        undoLocations = List.copyOf(undoLocations);
    }
}
