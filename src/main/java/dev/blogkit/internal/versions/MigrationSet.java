package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.util.List;

/**
 * A set of versioned migrations with their undo scripts and their own history table: BlogKit's own, or an
 * application's (configured with {@link BlogConfig.Builder#migrations}).
 *
 * @param historyTable the Flyway history table of this set
 * @param migrationLocations Flyway locations of the {@code V<version>__<description>.sql} scripts
 * @param undoLocations locations of the {@code U<version>__<description>.sql} undo scripts, where Flyway does not
 *     look: {@code classpath:PATH}, {@code filesystem:DIR}, or a bare class path folder
 * @param application whether the set is the application's, whose entities are {@link BlogConfig#entities()},
 *     rather than BlogKit's, whose entities are User and Post
 */
public record MigrationSet(String historyTable, List<String> migrationLocations, List<String> undoLocations,
                    boolean application) {

    public static final String BLOGKIT_HISTORY_TABLE = "blogkit_schema_history";

    /** The migrations BlogKit ships for this database: the SQL differs between SQLite and PostgreSQL. */
    public static MigrationSet blogkit(DatabaseKind kind) {
        return new MigrationSet(BLOGKIT_HISTORY_TABLE, List.of("classpath:db/blogkit/migration/" + kind.folder()),
                List.of("db/blogkit/undo/" + kind.folder()), false);
    }

    /**
     * The application's migrations: {@code <location>/migration/<vendor>} and {@code <location>/undo/<vendor>}.
     *
     * @throws InvalidInputException if the configuration names no migrations of the application
     */
    public static MigrationSet application(BlogConfig config) {
        return application(config, config.kind());
    }

    /** The application's migrations for {@code kind}, which may be another database's than the configuration's. */
    public static MigrationSet application(BlogConfig config, DatabaseKind kind) {
        String location = config.migrationLocation().orElseThrow(() -> new InvalidInputException("migrations",
                "the configuration has no migrations of the application: BlogConfig.Builder.migrations(location, table)"));
        return new MigrationSet(config.historyTable(), List.of(location + "/migration/" + kind.folder()),
                List.of(location + "/undo/" + kind.folder()), true);
    }

    /** A set of BlogKit's own kind, for tests: BlogKit's migrations plus test-only versions. */
    public MigrationSet(String historyTable, List<String> migrationLocations, List<String> undoLocations) {
        this(historyTable, migrationLocations, undoLocations, false);
    }

    public MigrationSet {
        migrationLocations = List.copyOf(migrationLocations);
        undoLocations = List.copyOf(undoLocations);
    }
}
