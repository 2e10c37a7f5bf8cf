package dev.blogkit.migration;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.versions.Autogenerate;
import dev.blogkit.internal.versions.MigrateAll;
import dev.blogkit.internal.versions.MigrationSet;
import dev.blogkit.internal.versions.VersionedSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * BlogKit's schema versions, both ways: Flyway's versioned upgrades, plus what Flyway's free edition lacks and
 * Alembic has: undo ({@code downgrade -1}), a dry run that prints the SQL ({@code --sql}), a drift check
 * ({@code check}), migrations written from the entities ({@code revision --autogenerate}), and a lock so that two
 * processes never migrate one database at once.
 *
 * <pre>{@code
 * Migrations migrations = Migrations.on("jdbc:sqlite:blog.db");
 * migrations.migrate();                    // upgrade head
 * migrations.undo();                       // downgrade -1: saves a copy of the database first
 * migrations.dryRun().migrate("2");        // the SQL, not run
 * migrations.check().differences();        // entities vs database
 * Migrations.ofApplication(config).generate("add comment likes");   // the application's next version
 * }</pre>
 *
 * <p>Every shipped version {@code V<n>__<description>.sql} has an undo script {@code U<n>__<description>.sql}
 * in a folder Flyway does not scan. An undo runs the undo scripts of the newest applied versions in reverse
 * order, all in one transaction together with removing their versions from the history, so that a failure or a
 * killed process leaves the database at the version it was at; on SQLite the copy saved before it is read while
 * that transaction holds the write lock, so that no write acknowledged meanwhile is lost. BlogKit keeps its own
 * history table, {@code blogkit_schema_history}, so that an application's own Flyway migrations live beside it;
 * its own scripts are read from its own jar only.
 *
 * <p>A set owns the tables its own versions create: {@link #check()} and {@link #generate}
 * leave every other table alone and say so, and {@link #migrate()} refuses to start a set's history in a database
 * that holds tables nobody's set created (adopt it with {@link #stamp}). What only looks ({@link #history()},
 * {@link #check()}, {@link #validate()}, dry runs) reads through read-only connections: an SQLite file's bytes
 * stay as they were. A location that holds no script is an error naming it.
 *
 * <p>On SQLite, migrations and undo run with foreign keys off, as SQLite asks for schema changes (a table
 * rebuild must not delete child rows through ON DELETE CASCADE), and every version checks them before it
 * commits: a version that leaves a row whose foreign key points nowhere fails and is rolled back.
 *
 * <p>Instances are immutable and cheap; each call opens its own connections and closes them. Failures raise
 * {@link MigrationException}; a file that is not an SQLite database raises a {@link BlogException} and is left
 * untouched.
 */
public final class Migrations {

    /** The version {@link #undoTo(String)} takes for the empty schema. */
    public static final String EMPTY = VersionedSet.EMPTY;

    private final VersionedSet versions;

    private Migrations(VersionedSet versions) {
        this.versions = versions;
    }

    /**
     * The migrations of the database at this JDBC URL, usable without opening a {@link Blog}.
     *
     * @throws InvalidInputException if the URL is not a supported JDBC URL
     */
    public static Migrations on(String jdbcUrl) {
        return on(BlogConfig.builder(jdbcUrl).build());
    }

    /** The migrations of the configured database (its URL, busy timeout and clock). */
    public static Migrations on(BlogConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "config must not be null");
        }
        return new Migrations(VersionedSet.on(config));
    }

    /**
     * The application's own migrations, as {@link BlogConfig.Builder#migrations} configured them: migrate, undo,
     * history and validate work on them alone, with their own history table; {@link #generate} writes their next
     * version from the application's entities.
     *
     * @throws InvalidInputException if config is null or configures no migrations of the application
     */
    public static Migrations ofApplication(BlogConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "config must not be null");
        }
        return new Migrations(VersionedSet.ofApplication(config));
    }

    /**
     * BlogKit's migrations, then the application's if the configuration names some: the order in which
     * {@link Blog#open} applies them, because the application's tables may reference BlogKit's.
     */
    public static List<Migrations> allOf(BlogConfig config) {
        return VersionedSet.allOf(config).stream().map(Migrations::new).toList();
    }

    /** For tests: another set of migrations, for example BlogKit's plus a broken one. */
    static Migrations on(BlogConfig config, MigrationSet set) {
        return new Migrations(VersionedSet.on(config, set));
    }

    /**
     * The same migrations, but {@link #migrate()} and {@link #undo()} only report the SQL they would run, in
     * order, in {@link MigrationReport#sql()}, and change nothing.
     */
    public Migrations dryRun() {
        return new Migrations(versions.dryRun());
    }

    
    public boolean isDryRun() {
        return versions.isDryRun();
    }

    /** Applies every pending version (Alembic's {@code upgrade head}). */
    public MigrationReport migrate() {
        return versions.migrate();
    }

    /**
     * Applies the pending versions up to and including {@code targetVersion}.
     *
     * @throws MigrationException if the version is unknown, or below the current one (use {@link #undoTo})
     */
    public MigrationReport migrate(String targetVersion) {
        return versions.migrate(targetVersion);
    }

    /** Undoes the newest applied version (Alembic's {@code downgrade -1}). */
    public MigrationReport undo() {
        return versions.undo();
    }

    /**
     * Undoes the {@code steps} newest applied versions, newest first.
     *
     * @throws MigrationException if fewer versions are applied, or one of them has no undo script (then nothing
     *     is changed)
     */
    public MigrationReport undo(int steps) {
        return versions.undo(steps);
    }

    /**
     * Undoes every applied version above {@code version}; {@value #EMPTY} undoes them all.
     *
     * @throws MigrationException if the version is neither {@value #EMPTY} nor a known version
     */
    public MigrationReport undoTo(String version) {
        return versions.undoTo(version);
    }

    /**
     * Records that the database, made by other means, is already at {@code version} of these migrations, without
     * running them (Alembic's {@code stamp}, Flyway's {@code baseline}): afterwards migrate, undo and validate
     * treat those versions as applied. First builds the schema of that version in a scratch database (a temporary
     * SQLite file, or a scratch schema on the same PostgreSQL server, dropped afterwards) and compares the
     * database's tables with it, as {@link #check()} compares; {@value #EMPTY} records the empty schema, so
     * that a later migrate creates the set's tables beside tables of the application's.
     *
     * @throws MigrationException if the database has a history of these migrations already, the version is
     *     unknown, or the schema differs from the version's (the differences are listed); nothing is changed then
     */
    public MigrationReport stamp(String version) {
        return versions.stamp(version);
    }

    /** The newest applied version; empty for the empty schema. */
    public Optional<String> currentVersion() {
        return versions.currentVersion();
    }

    /** Every known version, oldest first: applied ones with the time they were applied, then pending ones. */
    public List<VersionInfo> history() {
        return versions.history();
    }

    /**
     * Checks everything, changes nothing: no version pending, every applied script unchanged since it ran, an
     * undo script for every version, and (when the rest holds) the entities matching the migrated schema, both
     * as Hibernate's schema validator sees it and as {@link #check()} does.
     */
    public ValidationReport validate() {
        return Autogenerate.validate(versions);
    }

    /**
     * Compares the entities, BlogKit's and the application's ({@link BlogConfig.Builder#entities}), with the
     * database, and lists each difference: tables, columns (type with its length, precision and scale on
     * PostgreSQL, nullability, and the default where the entities declare one with {@code @ColumnDefault}),
     * indexes, unique constraints, foreign keys and their actions; pending versions count as differences, and so
     * does a version of the application's that one of its databases lacks
     * ({@link BlogConfig#migrationDatabases()}). Changes nothing. Alembic's {@code check}.
     */
    public SchemaCheck check() {
        return Autogenerate.check(versions);
    }

    /**
     * Writes the next version of these migrations from the difference between their entities and the database:
     * {@code <dir>/migration/<vendor>/V<n>__<message>.sql} and its undo {@code <dir>/undo/<vendor>/U<n>__<message>.sql}.
     * The application's version is written for every database of {@link BlogConfig#migrationDatabases()} at once,
     * as one number: the other databases' scripts from the current version built in a scratch database (a
     * temporary SQLite file; a scratch schema on {@link BlogConfig.Builder#scratchDatabase} for PostgreSQL while the
     * database is SQLite), so that their versions never drift apart.
     * Added and removed tables and columns, nullability and type, indexes, unique constraints and foreign keys;
     * on SQLite, what ALTER TABLE cannot do is a table rebuild. Nothing is written when nothing differs. Alembic's
     * {@code revision --autogenerate}. The database is only read.
     *
     * @param message what the version does, for example {@code "add user bio"}; it names the files
     * @param dir the folder that holds {@code migration/} and {@code undo/}, for example
     *     {@code src/main/resources/db/blogkit}
     * @throws InvalidInputException if the message is blank or has no letter or digit, or dir is null
     * @throws MigrationException if the database has pending versions (migrate first), a script exists already,
     *     another database's scripts hold other versions than this one has applied, or no database of a kind the
     *     migrations are for is there to build the scratch version in; nothing is written then
     */
    public GeneratedMigration generate(String message, Path dir) {
        return generate(message, dir, false);
    }

    /**
     * {@link #generate(String, Path)}, and with {@code allowDrop} true also a version that loses data: drops a
     * table or a column the set's versions created (or rebuilds a table without one). Without it such a version is
     * refused with a {@link MigrationException} that names what it would drop, and nothing is written.
     */
    public GeneratedMigration generate(String message, Path dir, boolean allowDrop) {
        return Autogenerate.generate(versions, message, dir, allowDrop);
    }

    /**
     * {@link #generate(String, Path)} into the project's own folder: {@code src/main/resources/db/blogkit} for
     * BlogKit's migrations, the application's location for its own (a {@code classpath:PATH} location under
     * {@code src/main/resources}).
     *
     * @throws MigrationException for BlogKit's own migrations outside BlogKit's source tree (the working directory
     *     holds no {@code src/main/java/dev/blogkit/Blog.java}): nothing is written, the message names the options
     *     of an application's set
     */
    public GeneratedMigration generate(String message) {
        return generate(message, false);
    }

    /** {@link #generate(String)}, allowing a version that drops data ({@link #generate(String, Path, boolean)}). */
    public GeneratedMigration generate(String message, boolean allowDrop) {
        return generate(message, Autogenerate.defaultDirectory(versions), allowDrop);
    }

    /**
     * Refuses a database that has pending versions or whose applied scripts changed since they ran; changes
     * nothing. {@link Blog#open} calls this when {@code migrateOnOpen} is false.
     *
     * @throws MigrationException naming the pending versions or the changed scripts
     */
    public void requireUpToDate() {
        versions.requireUpToDate();
    }

    /**
     * Migrates every set in order (BlogKit's, then the application's, as {@link Blog#open} does), all or nothing:
     * every set's scripts are found before anything changes, and when a set fails, the sets migrated before it
     * are undone to the versions they had (a database file the call created is removed instead), so that the
     * database is as it was. {@code targetOfLast} (or null for the newest) is a version of the last set.
     *
     * @return one report per set, in order
     * @throws MigrationException if a set has no scripts, a version is unknown, or a migration fails
     */
    public static List<MigrationReport> migrateAll(List<Migrations> sets, String targetOfLast) {
        if (sets == null || sets.isEmpty()) {
            throw new InvalidInputException("sets", "at least one migration set is required");
        }
        return MigrateAll.run(sets.stream().map(m -> m.versions).toList(), targetOfLast);
    }

    /**
     * Whether these are an application's migrations still to begin: no script at their location yet, and no history
     * table in the database ({@code generate} writes the first version). The command line's {@code migrate} then
     * migrates BlogKit's alone and says so; {@link #migrate()} refuses a location without scripts.
     */
    public boolean awaitsFirstScript() {
        return versions.awaitsFirstScript();
    }

    /** For tests in this package: the connections the set's migrations run on. */
    DataSource dataSource() {
        return versions.dataSource();
    }
}
