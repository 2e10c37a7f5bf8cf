package dev.blogkit.internal.versions;


import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.jdbc.ConnectionPool;
import dev.blogkit.internal.orm.HibernateBootstrap;
import dev.blogkit.internal.schema.DatabaseSchemaReader;
import dev.blogkit.internal.schema.SchemaDiff;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.MigrationReport;
import dev.blogkit.migration.ValidationReport;
import dev.blogkit.migration.VersionInfo;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;

/**
 * One migration set (BlogKit's or the application's) on one database, through Flyway: what {@code Migrations}
 * offers, done. Migrate and undo both ways with the lock, stamp, history, the checks of validate and the reads
 * that check and generate compare ({@link Autogenerate}). Takes a configuration and a set, returns values; never
 * calls the facade. Not API.
 */
public final class VersionedSet {

    /** The version {@link #undoTo(String)} takes for the empty schema. */
    public static final String EMPTY = Versions.EMPTY;

    private static final Logger log = Versions.LOG;

    private final BlogConfig config;
    private final MigrationSet set;
    private final boolean dryRun;
    /** Flyway, the scripts and the connections of this set on this database. */
    private final SetFlyway core;

    private VersionedSet(BlogConfig config, MigrationSet set, boolean dryRun) {
        this.config = config;
        this.set = set;
        this.dryRun = dryRun;
        this.core = new SetFlyway(config, set);
    }

    /** The migrations of the configured database (its URL, busy timeout and clock). */
    public static VersionedSet on(BlogConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "config must not be null");
        }
        return new VersionedSet(config, MigrationSet.blogkit(config.kind()), false);
    }

    /** The application's own migrations ({@code Migrations.ofApplication}). */
    public static VersionedSet ofApplication(BlogConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "config must not be null");
        }
        return new VersionedSet(config, MigrationSet.application(config), false);
    }

    /** BlogKit's set, then the application's if configured: the order {@code Blog.open} migrates them in. */
    public static List<VersionedSet> allOf(BlogConfig config) {
        return config.migrationLocation().isPresent() ? List.of(on(config), ofApplication(config)) : List.of(on(config));
    }

    /** For tests: another set of migrations, for example BlogKit's plus a broken one. */
    public static VersionedSet on(BlogConfig config, MigrationSet set) {
        return new VersionedSet(config, set, false);
    }

    /** The same set, whose migrate, undo and stamp report the SQL and change nothing. */
    public VersionedSet dryRun() {
        return new VersionedSet(config, set, true);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Applies every pending version (Alembic's {@code upgrade head}). */
    public MigrationReport migrate() {
        requireOwnHistory();
        return migrating().to(null);
    }

    /** Applies the pending versions up to and including {@code targetVersion} ({@code Migrations.migrate(String)}). */
    public MigrationReport migrate(String targetVersion) {
        requireOwnHistory();
        return migrating().to(Versions.requireVersionArgument(targetVersion));
    }

    /**
     * One history per set: refuses an application's set configured with a history table it does not have while
     * another history table of the database records its scripts (a row with one of their names and checksums),
     * naming that table. Otherwise the set would be migrated, or stamped, a second time under a new name.
     */
    void requireOwnHistory() {
        if (!set.application() || config.databaseFile().map(Files::notExists).orElse(false) || hasHistory()) {
            return;
        }
        Map<String, Integer> scripts = new HashMap<>();
        core.withFlyway(true, null, flyway -> {
            for (MigrationInfo migration : flyway.info().all()) {
                if (migration.getScript() != null && migration.getChecksum() != null) {
                    scripts.put(migration.getScript(), migration.getChecksum());
                }
            }
            return null;
        });
        if (scripts.isEmpty()) {
            return;
        }
        Set<String> othersOfConfig = new HashSet<>();
        for (VersionedSet other : allOf(config)) {
            othersOfConfig.add(other.set.historyTable());
        }
        Optional<String> recordedIn = core.inSnapshot(connection -> {
            for (String table : Ownership.historyTables(DatabaseSchemaReader.read(connection, Set.of()))) {
                if (othersOfConfig.contains(table) && !table.equals(set.historyTable())) {
                    continue;
                }
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT script, checksum FROM \"" + table.replace("\"", "\"\"")
                             + "\" WHERE checksum IS NOT NULL")) {
                    while (rows.next()) {
                        if (Integer.valueOf(rows.getInt(2)).equals(scripts.get(rows.getString(1)))) {
                            return Optional.of(table);
                        }
                    }
                }
            }
            return Optional.<String>empty();
        });
        recordedIn.ifPresent(table -> {
            throw new MigrationException("the application's migrations at " + String.join(", ", set.migrationLocations())
                    + " are recorded in the history table " + table + ", not in " + set.historyTable() + ": name "
                    + table + " as their history table (BlogConfig.Builder.migrations(location, historyTable) with " + table + "); nothing was changed");
        });
    }

    /** Undoes the newest applied version (Alembic's {@code downgrade -1}). */
    public MigrationReport undo() {
        return undo(1);
    }

    /** Undoes the {@code steps} newest applied versions, newest first ({@code Migrations.undo(int)}). */
    public MigrationReport undo(int steps) {
        if (steps < 1) {
            throw new MigrationException("steps must be at least 1, was " + steps);
        }
        return undoing().where(true, applied -> {
            if (steps > applied.size()) {
                throw new MigrationException("cannot undo " + steps + " versions: " + applied.size() + " applied");
            }
            return applied.subList(0, steps);
        });
    }

    /** Undoes every applied version above {@code version} ({@code Migrations.undoTo}). */
    public MigrationReport undoTo(String version) {
        return undoTo(version, true);
    }

    /** {@link #undoTo(String)}; without the copy of the database when it takes back what this process just did. */
    public MigrationReport undoTo(String version, boolean saveCopy) {
        String target = Versions.requireVersionArgument(version);
        if (!target.equals(EMPTY)) {
            // before the undo takes the lock and its connection, as migrate(target) checks its target
            core.withFlyway(true, null, flyway -> {
                core.requireKnownVersion(core.requireScripts(flyway.info()), target);
                return null;
            });
        }
        return undoing().where(saveCopy, applied -> {
            if (!target.equals(EMPTY)) {
                Optional<MigrationVersion> current = applied.stream().findFirst().map(MigrationInfo::getVersion);
                if (current.isPresent() && MigrationVersion.fromVersion(target).isNewerThan(current.get().getVersion())) {
                    throw new MigrationException("cannot undo to version " + target + ": the database is at version "
                            + current.get() + "; use migrate");
                }
            }
            MigrationVersion floor = MigrationVersion.fromVersion(target);
            return applied.stream().filter(m -> m.getVersion().isNewerThan(floor.getVersion())).toList();
        });
    }

    /** Records the database as at {@code version} after comparing its tables with the version's ({@code Migrations.stamp}). */
    public MigrationReport stamp(String version) {
        requireOwnHistory();
        return new Stamp(set, core, dryRun, this::differencesFromVersion).stamp(version);
    }

    /**
     * How the database's tables differ from the tables these versions create, built in a scratch database: the
     * other sets of the configuration first (at the version they have in the database), then these up to {@code version}.
     */
    private List<String> differencesFromVersion(String version, List<MigrationInfo> versions) {
        Set<String> owned = Ownership.createdTables(versions.stream().map(core::migrationScript).toList());
        Schema actual = readSchema();
        try (Scratch scratch = Scratch.create(config)) {
            BlogConfig scratchConfig = scratch.config();
            for (VersionedSet other : allOf(scratchConfig)) {
                if (!other.set.historyTable().equals(set.historyTable())) {
                    Optional<String> at = new VersionedSet(config, other.set, false).currentVersion();
                    if (at.isPresent()) {
                        other.migrate(at.get());
                    }
                }
            }
            VersionedSet expected = new VersionedSet(scratchConfig, set, false);
            expected.migrate(version);
            // compared with the version's schema, not with the entities: say so
            List<String> differences = new ArrayList<>(SchemaDiff.compare(actual, expected.readSchema(), owned,
                    config.kind()).stream().map(SchemaDiff.Change::describe)
                    .map(d -> d.replace("in the database, not in the entities", "in the database, not in version " + version))
                    .toList());
            // a table a later version creates must not exist yet, or that version would fail on it
            Set<String> later = new TreeSet<>(ownedTables());
            later.removeAll(owned);
            later.retainAll(actual.tables().keySet());
            later.forEach(t -> differences.add("table " + t + " exists, but a version after " + version + " creates it"));
            return differences;
        }
    }

    /** The newest applied version; empty for the empty schema. */
    public Optional<String> currentVersion() {
        return core.currentVersion();
    }

    /** The versions a migrate would apply, oldest first; none for a set without scripts. */
    public List<VersionInfo> pending() {
        requireOwnHistory();
        return core.withFlyway(true, null, flyway -> Versions.pending(flyway.info(), null).stream()
                .map(core::versionInfo).toList());
    }

    /** Every known version, oldest first: applied ones with the time they were applied, then pending ones. */
    public List<VersionInfo> history() {
        requireOwnHistory();
        return core.withFlyway(true, null, flyway -> core.versions(core.requireScripts(flyway.info())));
    }

    /** Whether the set's locations hold at least one migration script. */
    boolean hasScripts() {
        return core.withFlyway(true, null, flyway -> Versions.hasScripts(flyway.info()));
    }

    /**
     * Whether this is an application's set still to begin: no script at its locations, no history in the database.
     * Generate writes its first version; until then migrate has nothing of it to apply.
     */
    public boolean awaitsFirstScript() {
        return set.application() && !hasScripts() && historyOfNewSet().isEmpty();
    }

    /**
     * How the application's scripts differ between the databases they are written for
     * ({@link BlogConfig#migrationDatabases()}): a database without any script while another has some, a version
     * one database has and another lacks, a version described differently. None for BlogKit's own set.
     */
    public List<String> versionsApart() {
        if (!set.application() || config.migrationDatabases().size() < 2) {
            return List.of();
        }
        Map<DatabaseKind, Map<String, String>> scripts = new java.util.LinkedHashMap<>();
        config.migrationDatabases().forEach(kind -> scripts.put(kind, core.scriptVersions(kind)));
        if (scripts.values().stream().allMatch(Map::isEmpty)) {
            return List.of();
        }
        Set<String> all = new TreeSet<>(Comparator.comparing(MigrationVersion::fromVersion));
        scripts.values().forEach(versions -> all.addAll(versions.keySet()));
        List<String> apart = new ArrayList<>();
        for (String version : all) {
            List<DatabaseKind> without = scripts.keySet().stream().filter(k -> !scripts.get(k).containsKey(version)).toList();
            List<String> descriptions = scripts.values().stream().map(v -> v.get(version)).filter(Objects::nonNull)
                    .distinct().toList();
            if (!without.isEmpty()) {
                apart.add("V" + version + " (" + descriptions.get(0) + ") of the application's migrations has no "
                        + without.stream().map(k -> k.folder() + " script (at "
                                + MigrationSet.application(config, k).migrationLocations().get(0) + ")")
                                .collect(Collectors.joining(", no "))
                        + ": every database must have every version (generate writes each version for all of them)");
            } else if (descriptions.size() > 1) {
                apart.add("V" + version + " of the application's migrations is described differently for each database ("
                        + String.join(" / ", descriptions) + "): one version should do one thing everywhere");
            }
        }
        return apart;
    }

    /** The history of a set that may have no script yet: generate writes its first. */
    public List<VersionInfo> historyOfNewSet() {
        return core.withFlyway(true, null, flyway -> core.versions(flyway.info()));
    }

    /**
     * Checks everything, changes nothing: no version pending, every applied script unchanged since it ran, an
     * undo script for every version, and (when the rest holds) the entities matching the migrated schema, both
     * as Hibernate's schema validator sees it and as {@link #check()} does.
     */
    public ValidationReport validateVersions() {
        requireOwnHistory();
        List<String> problems = new ArrayList<>();
        core.withFlyway(true, null, flyway -> {
            MigrationInfoService info = core.requireScripts(flyway.info());
            problems.addAll(core.checksumProblems(flyway));
            for (MigrationInfo pending : Versions.pending(info, null)) {
                problems.add(Versions.name(pending) + " is pending: run migrate");
            }
            for (MigrationInfo migration : info.all()) {
                if (Versions.isVersion(migration) && migration.getScript() != null && core.findUndoScript(migration).isEmpty()
                        && migration.getState() != MigrationState.MISSING_SUCCESS
                        && migration.getState() != MigrationState.FUTURE_SUCCESS) {
                    problems.add(Versions.name(migration) + " has no undo script " + Versions.undoScriptName(migration));
                }
            }
            return null;
        });
        return new ValidationReport(problems);
    }

    /** Refuses pending versions and changed applied scripts; changes nothing ({@code Migrations.requireUpToDate}). */
    public void requireUpToDate() {
        core.withFlyway(true, null, flyway -> {
            List<MigrationInfo> pending = Versions.pending(core.requireScripts(flyway.info()), null);
            if (!pending.isEmpty()) {
                throw new MigrationException("the database has pending " + owner() + " migrations ("
                        + pending.stream().map(Versions::name).collect(Collectors.joining(", "))
                        + "): migrate it first (Migrations.migrate(), the CLI's migrate, or migrateOnOpen(true))");
            }
            List<String> problems = core.checksumProblems(flyway);
            if (!problems.isEmpty()) {
                throw new MigrationException("the database's applied migrations differ from " + owner() + " scripts: "
                        + String.join("; ", problems));
            }
            return null;
        });
    }

    /** Whether this set's history table exists and holds a row (the empty schema's marker counts). */
    boolean hasHistory() {
        return core.hasHistory();
    }

    /** Takes back a history table that this set's migrate began, so that the database is as it was. */
    void dropHistoryTable(RuntimeException failure) {
        core.dropHistoryTable(migrationDataSource(), failure);
    }

    void removeCreatedFile(RuntimeException failure) {
        SqliteFile.removeCreated(config.databaseFile().orElseThrow(), failure);
    }

    /**
     * The tables this set's versions create, read from its scripts in version order ({@link Ownership}): what
     * {@code check}, {@code generate} and {@code copy} may touch on its behalf.
     */
    public Set<String> ownedTables() {
        return core.withFlyway(true, null, flyway -> Ownership.createdTables(Arrays.stream(flyway.info().all())
                .filter(Versions::isVersion)
                .filter(m -> m.getState().isResolved())
                .sorted(Comparator.comparing(MigrationInfo::getVersion))
                .map(core::migrationScript)
                .toList()));
    }

    /** The database's schema, read on a read-only connection; an SQLite file that does not exist is empty. */
    public Schema readSchema() {
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            SqliteFile.refuseUnlessSqlite(config.databaseFile().get());
            return Schema.of(List.of());
        }
        return core.inSnapshot(connection -> DatabaseSchemaReader.read(connection, Set.of()));
    }

    /**
     * Unpooled connections to this database: for SQLite with BlogKit's settings, after refusing a file that is
     * not an SQLite database.
     */
    public DataSource dataSource() {
        return SetConnections.of(config, true);
    }

    /** The connections migrations and undo run on: on SQLite with foreign keys off ({@link ForeignKeyCheck}). */
    public DataSource migrationDataSource() {
        return SetConnections.of(config, false);
    }

    /**
     * Connections that only look: on SQLite, opened read-only and without the settings that write (WAL), so that
     * info, check, validate and dry runs leave the file's bytes as they were.
     */
    public DataSource readOnlyDataSource() {
        return SetConnections.readOnly(config);
    }

    public MigrationSet set() {
        return set;
    }

    /** Whose migrations these are, for messages: "BlogKit's" or "the application's". */
    public String owner() {
        return core.owner();
    }

    private Migrate migrating() {
        return new Migrate(config, set, core, dryRun, () -> {
            Set<String> tables = new HashSet<>();
            for (VersionedSet other : allOf(config)) {
                if (!other.set.historyTable().equals(set.historyTable())) {
                    tables.addAll(other.ownedTables());
                }
            }
            return tables;
        });
    }

    private Undo undoing() {
        return new Undo(config, set, core, dryRun);
    }

    public BlogConfig config() {
        return config;
    }

    /**
     * Hibernate's own check of the entities against the migrated schema, as {@link Blog#open} runs it, on
     * read-only connections and without opening a Blog (whose versions validate() has checked already).
     */
    public List<String> entityDrift() {
        BlogConfig check = checkingConfig();
        try (ConnectionPool connections = ConnectionPool.connect(check);
             SessionFactory hibernate = HibernateBootstrap.start(connections.dataSource(), connections.ownPool(),
                     check.kind(), check.entities(), null)) {
            return List.of();
        } catch (RuntimeException e) {
            return List.of("the entities do not match the migrated schema: "
                    + DatabaseErrors.translate(e, "cannot open " + config.displayUrl()).getMessage());
        }
    }

    /** The same database, entities and migrations, for a look that migrates nothing. */
    public BlogConfig checkingConfig() {
        BlogConfig.Builder check = config.sameDatabase().entities(config.entities().toArray(Class<?>[]::new))
                .classLoader(config.classLoader()).migrateOnOpen(false);
        if (config.dataSource().isEmpty()) {
            // with the application's pool, its connections are as it made them: the check only reads
            check.readOnly(true).poolSize(1);
        }
        config.migrationLocation().ifPresent(location -> check.migrations(location, config.historyTable()));
        return check.build();
    }
}
