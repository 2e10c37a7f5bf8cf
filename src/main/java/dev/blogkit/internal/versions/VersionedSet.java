package dev.blogkit.internal.versions;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.jdbc.ConnectionPool;
import dev.blogkit.internal.orm.HibernateBootstrap;
import dev.blogkit.internal.schema.DatabaseSchemaReader;
import dev.blogkit.internal.schema.SchemaDiff;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.MigrationReport;
import dev.blogkit.migration.ValidationReport;
import dev.blogkit.migration.VersionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * One migration set (BlogKit's or the application's) on one database, through Flyway: what {@code Migrations}
 * offers, done. Migrate and undo both ways with the lock, stamp, history, the checks of validate and the reads
 * that check and generate compare ({@link Autogenerate}). Takes a configuration and a set, returns values; never
 * calls the facade. Not API.
 */
public final class VersionedSet {

    /** The version {@link #undoTo(String)} takes for the empty schema. */
    public static final String EMPTY = Versions.EMPTY;

    private static final Logger log = LoggerFactory.getLogger(VersionedSet.class);
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);

    private final BlogConfig config;
    private final MigrationSet set;
    private final boolean dryRun;
    private final ClassLoader scripts;

    private VersionedSet(BlogConfig config, MigrationSet set, boolean dryRun) {
        this.config = config;
        this.set = set;
        this.dryRun = dryRun;
        this.scripts = ScriptLoader.over(config.classLoader());
    }

    /**
     * The migrations of the database at this JDBC URL, usable without opening a {@link Blog}.
     *
     * @throws InvalidInputException if the URL is not a supported JDBC URL
     */
    public static VersionedSet on(String jdbcUrl) {
        return on(BlogConfig.builder(jdbcUrl).build());
    }

    /** The migrations of the configured database (its URL, busy timeout and clock). */
    public static VersionedSet on(BlogConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "config must not be null");
        }
        return new VersionedSet(config, MigrationSet.blogkit(config.kind()), false);
    }

    /**
     * The application's own migrations, as {@link BlogConfig.Builder#migrations} configured them: migrate, undo,
     * history and validate work on them alone, with their own history table; {@link #generate} writes their next
     * version from the application's entities.
     *
     * @throws InvalidInputException if config is null or configures no migrations of the application
     */
    public static VersionedSet ofApplication(BlogConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "config must not be null");
        }
        return new VersionedSet(config, MigrationSet.application(config), false);
    }

    /**
     * BlogKit's migrations, then the application's if the configuration names some: the order in which
     * {@link Blog#open} applies them, because the application's tables may reference BlogKit's.
     */
    public static List<VersionedSet> allOf(BlogConfig config) {
        return config.migrationLocation().isPresent() ? List.of(on(config), ofApplication(config)) : List.of(on(config));
    }

    /** For tests: another set of migrations, for example BlogKit's plus a broken one. */
    public static VersionedSet on(BlogConfig config, MigrationSet set) {
        return new VersionedSet(config, set, false);
    }

    /**
     * The same migrations, but {@link #migrate()} and {@link #undo()} only report the SQL they would run, in
     * order, in {@link MigrationReport#sql()}, and change nothing.
     */
    public VersionedSet dryRun() {
        return new VersionedSet(config, set, true);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Applies every pending version (Alembic's {@code upgrade head}). */
    public MigrationReport migrate() {
        return migrateTo(null);
    }

    /**
     * Applies the pending versions up to and including {@code targetVersion}.
     *
     * @throws MigrationException if the version is unknown, or below the current one (use {@link #undoTo})
     */
    public MigrationReport migrate(String targetVersion) {
        return migrateTo(Versions.requireVersionArgument(targetVersion));
    }

    /** Undoes the newest applied version (Alembic's {@code downgrade -1}). */
    public MigrationReport undo() {
        return undo(1);
    }

    /**
     * Undoes the {@code steps} newest applied versions, newest first.
     *
     * @throws MigrationException if fewer versions are applied, or one of them has no undo script (then nothing
     *     is changed)
     */
    public MigrationReport undo(int steps) {
        if (steps < 1) {
            throw new MigrationException("steps must be at least 1, was " + steps);
        }
        return undoWhere(true, applied -> {
            if (steps > applied.size()) {
                throw new MigrationException("cannot undo " + steps + " versions: " + applied.size() + " applied");
            }
            return applied.subList(0, steps);
        });
    }

    /**
     * Undoes every applied version above {@code version}; {@value #EMPTY} undoes them all.
     *
     * @throws MigrationException if the version is neither {@value #EMPTY} nor a known version
     */
    public MigrationReport undoTo(String version) {
        return undoTo(version, true);
    }

    /** {@link #undoTo(String)}; without the copy of the database when it takes back what this process just did. */
    public MigrationReport undoTo(String version, boolean saveCopy) {
        String target = Versions.requireVersionArgument(version);
        if (!target.equals(EMPTY)) {
            // before the undo takes the lock and its connection, as migrate(target) checks its target
            withFlyway(true, null, flyway -> {
                requireKnownVersion(requireScripts(flyway.info()), target);
                return null;
            });
        }
        return undoWhere(saveCopy, applied -> {
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
        long start = System.nanoTime();
        String target = Versions.requireVersionArgument(version);
        List<MigrationInfo> recorded = withFlyway(true, null, flyway -> {
            MigrationInfoService info = requireScripts(flyway.info());
            if (!target.equals(EMPTY)) {
                requireKnownVersion(info, target);
            }
            if (info.applied().length > 0) {
                throw new MigrationException("refusing to stamp: the database has a history of " + owner()
                        + " migrations already (" + set.historyTable() + ", at " + Versions.current(info)
                        .map(v -> "version " + v).orElse("the empty schema") + "): use migrate or undo; nothing was changed");
            }
            return Arrays.stream(info.all()).filter(Versions::isVersion)
                    .filter(m -> m.getState().isResolved())
                    .filter(m -> !target.equals(EMPTY) && !m.getVersion().isNewerThan(target))
                    .sorted(Comparator.comparing(MigrationInfo::getVersion)).toList();
        });
        List<String> differences = recorded.isEmpty() ? List.of() : differencesFromVersion(target, recorded);
        if (!differences.isEmpty()) {
            throw new MigrationException("refusing to stamp version " + target + ": the database's schema differs from "
                    + "version " + target + "'s: " + String.join("; ", differences) + "; nothing was changed");
        }
        List<String> scripts = recorded.stream().map(MigrationInfo::getScript).toList();
        if (dryRun) {
            return new MigrationReport("stamp", Optional.empty(), Optional.of(target).filter(v -> !v.equals(EMPTY)),
                    scripts, Versions.elapsed(start), Optional.empty(), true, "-- BlogKit records versions " + scripts + " in "
                    + set.historyTable() + " without running them\n");
        }
        return withFlyway(false, null, flyway -> {
            try (MigrationLock lock = lock(flyway.getConfiguration().getDataSource())) {
                if (flyway.info().applied().length > 0) {
                    throw new MigrationException("refusing to stamp: another process started the history of " + owner()
                            + " migrations meanwhile; nothing was changed");
                }
                try {
                    flyway.baseline();
                    recordApplied(flyway.getConfiguration().getDataSource(), recorded);
                } catch (RuntimeException e) {
                    dropHistoryTable(flyway.getConfiguration().getDataSource(), e);
                    throw e;
                }
                log.info("stamped {} at {}: {}", set.historyTable(), target, scripts);
                return new MigrationReport("stamp", Optional.empty(), Optional.of(target).filter(v -> !v.equals(EMPTY)),
                        scripts, Versions.elapsed(start), Optional.empty(), false, "");
            }
        });
    }

    /**
     * How the database's tables differ from the tables these versions create, built in a scratch database: the
     * other sets of the configuration first (at the version they have in the database), then these up to {@code version}.
     */
    private List<String> differencesFromVersion(String version, List<MigrationInfo> versions) {
        Set<String> owned = Ownership.createdTables(versions.stream().map(this::migrationScript).toList());
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
            List<String> differences = new ArrayList<>(SchemaDiff.compare(actual, expected.readSchema(), owned,
                    config.kind()).stream().map(SchemaDiff.Change::describe).toList());
            // a table a later version creates must not exist yet, or that version would fail on it
            Set<String> later = new TreeSet<>(ownedTables());
            later.removeAll(owned);
            later.retainAll(actual.tables().keySet());
            later.forEach(t -> differences.add("table " + t + " exists, but a version after " + version + " creates it"));
            return differences;
        }
    }

    /** Takes back a history table that a failed stamp began, so that the database is as it was. */
    private void dropHistoryTable(DataSource dataSource, RuntimeException failure) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + set.historyTable());
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Writes the history rows Flyway would have written had it run these versions. */
    private void recordApplied(DataSource dataSource, List<MigrationInfo> versions) {
        String sql = "INSERT INTO " + set.historyTable() + " (installed_rank, version, description, type, script, "
                + "checksum, installed_by, execution_time, success) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int rank;
            try (Statement statement = connection.createStatement();
                 java.sql.ResultSet rs = statement.executeQuery("SELECT max(installed_rank) FROM " + set.historyTable())) {
                rs.next();
                rank = rs.getInt(1);
            }
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (MigrationInfo migration : versions) {
                    insert.setInt(1, ++rank);
                    insert.setString(2, migration.getVersion().getVersion());
                    insert.setString(3, migration.getDescription());
                    insert.setString(4, migration.getType().name());
                    insert.setString(5, migration.getScript());
                    insert.setObject(6, migration.getChecksum());
                    insert.setString(7, "blogkit stamp");
                    insert.setBoolean(8, true);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new MigrationException("cannot record the stamped versions in " + set.historyTable() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The newest applied version; empty for the empty schema. */
    public Optional<String> currentVersion() {
        return withFlyway(true, null, flyway -> Versions.current(requireScripts(flyway.info())));
    }

    /** Every known version, oldest first: applied ones with the time they were applied, then pending ones. */
    public List<VersionInfo> history() {
        return withFlyway(true, null, flyway -> versions(requireScripts(flyway.info())));
    }

    /** Whether the set's locations hold at least one migration script. */
    boolean hasScripts() {
        return withFlyway(true, null, flyway -> Versions.hasScripts(flyway.info()));
    }

    /** The history of a set that may have no script yet: generate writes its first. */
    public List<VersionInfo> historyOfNewSet() {
        return withFlyway(true, null, flyway -> versions(flyway.info()));
    }

    private List<VersionInfo> versions(MigrationInfoService info) {
        return Arrays.stream(info.all()).filter(Versions::isVersion).map(this::versionInfo).toList();
    }

    /**
     * Checks everything, changes nothing: no version pending, every applied script unchanged since it ran, an
     * undo script for every version, and (when the rest holds) the entities matching the migrated schema, both
     * as Hibernate's schema validator sees it and as {@link #check()} does.
     */
    public ValidationReport validateVersions() {
        List<String> problems = new ArrayList<>();
        withFlyway(true, null, flyway -> {
            MigrationInfoService info = requireScripts(flyway.info());
            problems.addAll(checksumProblems(flyway));
            for (MigrationInfo pending : info.pending()) {
                problems.add(Versions.name(pending) + " is pending: run migrate");
            }
            for (MigrationInfo migration : info.all()) {
                if (Versions.isVersion(migration) && migration.getScript() != null && findUndoScript(migration).isEmpty()
                        && migration.getState() != MigrationState.MISSING_SUCCESS
                        && migration.getState() != MigrationState.FUTURE_SUCCESS) {
                    problems.add(Versions.name(migration) + " has no undo script " + Versions.undoScriptName(migration));
                }
            }
            return null;
        });
        return new ValidationReport(problems);
    }

    /**
     * Refuses a database that has pending versions or whose applied scripts changed since they ran; changes
     * nothing. {@link Blog#open} calls this when {@code migrateOnOpen} is false.
     *
     * @throws MigrationException naming the pending versions or the changed scripts
     */
    public void requireUpToDate() {
        withFlyway(true, null, flyway -> {
            MigrationInfo[] pending = requireScripts(flyway.info()).pending();
            if (pending.length > 0) {
                throw new MigrationException("the database has pending " + owner() + " migrations ("
                        + Arrays.stream(pending).map(Versions::name).collect(Collectors.joining(", "))
                        + "): migrate it first (Migrations.migrate(), the CLI's migrate, or migrateOnOpen(true))");
            }
            List<String> problems = checksumProblems(flyway);
            if (!problems.isEmpty()) {
                throw new MigrationException("the database's applied migrations differ from " + owner() + " scripts: "
                        + String.join("; ", problems));
            }
            return null;
        });
    }

    private MigrationReport migrateTo(String target) {
        long start = System.nanoTime();
        // everything that can refuse looks first, read-only: a refusal leaves the database byte for byte as it was
        MigrationReport plan = withFlyway(true, null, flyway -> {
            MigrationInfoService info = requireScripts(flyway.info());
            if (target != null) {
                requireKnownVersion(info, target);
            }
            Optional<String> from = Versions.current(info);
            if (target != null && from.isPresent()
                    && MigrationVersion.fromVersion(from.get()).isNewerThan(target)) {
                throw new MigrationException("cannot migrate to version " + target + ": the database is at version "
                        + from.get() + "; use undo");
            }
            List<MigrationInfo> pending = Arrays.stream(info.pending())
                    .filter(m -> target == null || !m.getVersion().isNewerThan(target)).toList();
            if (!pending.isEmpty() && info.applied().length == 0) {
                requireNoForeignTables();
            }
            if (!dryRun && !pending.isEmpty()) {
                // Flyway's migrate validates the applied scripts before it runs anything
                return null;
            }
            List<String> changed = checksumProblems(flyway);
            if (!changed.isEmpty()) {
                throw new MigrationException("refusing to migrate: the database's applied migrations differ from "
                        + owner() + " scripts: " + String.join("; ", changed));
            }
            StringBuilder sql = new StringBuilder();
            for (MigrationInfo migration : pending) {
                sql.append("-- ").append(Versions.name(migration)).append(" (").append(migration.getScript()).append(")\n")
                        .append(migrationScript(migration).strip()).append('\n')
                        .append("-- BlogKit records version ").append(migration.getVersion())
                        .append(" in ").append(set.historyTable()).append("\n\n");
            }
            Optional<String> to = pending.isEmpty() ? from
                    : Optional.of(pending.get(pending.size() - 1).getVersion().getVersion());
            return new MigrationReport("migrate", from, to, pending.stream().map(MigrationInfo::getScript).toList(),
                    Versions.elapsed(start), Optional.empty(), dryRun, sql.toString());
        });
        if (plan != null) {
            return plan;
        }
        boolean newFile = config.databaseFile().map(Files::notExists).orElse(false);
        boolean newHistory = !hasHistory();
        try {
            return migrateLocked(target, start);
        } catch (RuntimeException e) {
            // nothing is left of a migrate that failed: the file it created, or the history table it began
            if (newFile) {
                removeCreatedFile(e);
            } else if (newHistory && currentVersion().isEmpty()) {
                dropHistoryTable(migrationDataSource(), e);
            }
            throw e;
        }
    }

    /** Whether this set's history table exists and holds a row (the empty schema's marker counts). */
    private boolean hasHistory() {
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            return false;
        }
        return inSnapshot(connection -> hasHistory(DatabaseSchemaReader.read(connection, Set.of()), connection));
    }

    /** Whether {@code schema}, read on {@code connection}, has this set's history table with a row in it. */
    private boolean hasHistory(Schema schema, Connection connection) throws SQLException {
        return schema.tables().containsKey(set.historyTable()) && hasRows(connection, set.historyTable());
    }

    private void removeCreatedFile(RuntimeException failure) {
        SqliteFile.removeCreated(config.databaseFile().orElseThrow(), failure);
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
    public static List<MigrationReport> migrateAll(List<VersionedSet> sets, String targetOfLast) {
        if (sets == null || sets.isEmpty()) {
            throw new InvalidInputException("sets", "at least one migration set is required");
        }
        if (sets.size() == 1) {
            // one set's migrate checks everything read-only first, and takes back what a failure began
            return List.of(targetOfLast == null ? sets.get(0).migrate() : sets.get(0).migrate(targetOfLast));
        }
        List<Optional<String>> before = new ArrayList<>();
        List<Boolean> hadHistory = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            hadHistory.add(sets.get(i).hasHistory());
            // every refusal first, read-only (a location without scripts, an unknown target, changed scripts, a
            // database to adopt): a refused call changes nothing
            VersionedSet plan = sets.get(i).dryRun();
            before.add((i == sets.size() - 1 && targetOfLast != null ? plan.migrate(targetOfLast) : plan.migrate())
                    .fromVersion());
        }
        Optional<Path> file = sets.get(0).config.databaseFile();
        boolean newFile = file.map(Files::notExists).orElse(false);
        List<MigrationReport> reports = new ArrayList<>();
        try {
            for (VersionedSet set : sets) {
                boolean last = reports.size() == sets.size() - 1;
                reports.add(last && targetOfLast != null ? set.migrate(targetOfLast) : set.migrate());
            }
            return reports;
        } catch (RuntimeException e) {
            if (newFile && !sets.get(0).dryRun) {
                sets.get(0).removeCreatedFile(e);
                throw withOutcome(e, "the database file this migrate created was removed");
            }
            List<String> undone = new ArrayList<>();
            for (int i = reports.size() - 1; i >= 0; i--) {
                if (!reports.get(i).dryRun() && !reports.get(i).scripts().isEmpty()) {
                    try {
                        sets.get(i).undoTo(before.get(i).orElse(EMPTY), false);
                        if (!hadHistory.get(i)) {
                            sets.get(i).dropHistoryTable(sets.get(i).migrationDataSource(), e);
                        }
                        undone.add(sets.get(i).owner() + " migrations");
                    } catch (RuntimeException undoFailure) {
                        e.addSuppressed(undoFailure);
                        throw withOutcome(e, "undoing " + sets.get(i).owner() + " migrations applied before it failed too: "
                                + undoFailure.getMessage());
                    }
                }
            }
            throw undone.isEmpty() ? e : withOutcome(e, String.join(" and ", undone) + " applied before it were undone: "
                    + "the database is as it was");
        }
    }

    private static RuntimeException withOutcome(RuntimeException failure, String outcome) {
        if (failure instanceof MigrationException) {
            MigrationException said = new MigrationException(failure.getMessage() + "; " + outcome, failure.getCause());
            for (Throwable suppressed : failure.getSuppressed()) {
                said.addSuppressed(suppressed);
            }
            return said;
        }
        return failure;
    }

    private MigrationReport migrateLocked(String target, long start) {
        return withFlyway(false, target, flyway -> {
            try (MigrationLock lock = lock(flyway.getConfiguration().getDataSource())) {
                // what another process did while this one waited for the lock counts as done already
                Optional<String> before = Versions.current(flyway.info());
                MigrateResult result = migrateOrExplain(flyway);
                List<String> scripts = result.migrations.stream().map(m -> SqliteFile.fileName(Path.of(m.filepath)))
                        .toList();
                Optional<String> after = Versions.current(flyway.info());
                if (scripts.isEmpty()) {
                    log.debug("{} is up to date at {}", config.displayUrl(), after.orElse(EMPTY));
                } else {
                    log.info("migrated {} from {} to {}: {}", config.displayUrl(), before.orElse(EMPTY),
                            after.orElse(EMPTY), scripts);
                }
                return new MigrationReport("migrate", before, after, scripts, Versions.elapsed(start), Optional.empty(), false, "");
            }
        });
    }

    /**
     * Refuses to start this set's history in a database that holds tables of nobody's set: a database BlogKit did
     * not create is adopted only explicitly, with {@link #stamp}. History tables and the tables of the other sets
     * of the configuration (BlogKit's, when these are the application's) are not foreign.
     */
    private void requireNoForeignTables() {
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            return;
        }
        // the tables and the history in one snapshot: another process may be migrating this database right now
        Schema database = inSnapshot(connection -> {
            Schema read = DatabaseSchemaReader.read(connection, Set.of());
            return hasHistory(read, connection) ? null : read;
        });
        if (database == null) {
            return;
        }
        List<String> tables = database.tables().values().stream().filter(t -> !Ownership.isHistoryTable(t))
                .map(SchemaModel.Table::name).toList();
        if (tables.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        for (VersionedSet other : allOf(config)) {
            if (!other.set.historyTable().equals(set.historyTable())) {
                known.addAll(other.ownedTables());
            }
        }
        List<String> foreign = tables.stream().filter(t -> !known.contains(t)).toList();
        if (!foreign.isEmpty()) {
            throw new MigrationException("refusing to migrate: the database holds tables that " + owner()
                    + " migrations did not create (" + String.join(", ", foreign) + ") and has no history of them ("
                    + set.historyTable() + "). If these tables are " + owner() + " schema at some version, record "
                    + "that version with stamp VERSION (Migrations.stamp; stamp 0 to start " + owner()
                    + " history beside them); nothing was changed");
        }
    }

    private static boolean hasRows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /**
     * The tables this set's versions create, read from its scripts in version order ({@link Ownership}): what
     * {@code check}, {@code generate} and {@code copy} may touch on its behalf.
     */
    public Set<String> ownedTables() {
        return withFlyway(true, null, flyway -> Ownership.createdTables(Arrays.stream(flyway.info().all())
                .filter(Versions::isVersion)
                .filter(m -> m.getState().isResolved())
                .sorted(Comparator.comparing(MigrationInfo::getVersion))
                .map(this::migrationScript)
                .toList()));
    }

    /** The database's schema, read on a read-only connection; an SQLite file that does not exist is empty. */
    public Schema readSchema() {
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            SqliteFile.refuseUnlessSqlite(config.databaseFile().get());
            return Schema.of(List.of());
        }
        return inSnapshot(connection -> DatabaseSchemaReader.read(connection, Set.of()));
    }

    /** What a read on a read-only connection finds, in one snapshot of the database. */
    private <T> T inSnapshot(SqlRead<T> read) {
        Connection opened;
        try {
            opened = readOnlyDataSource().getConnection();
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to " + config.displayUrl() + ": "
                    + DatabaseErrors.connectionProblem(e), e);
        }
        try (Connection connection = opened) {
            connection.setAutoCommit(false);
            if (config.kind() == DatabaseKind.POSTGRESQL) {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                return read.apply(connection);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot read the schema of " + config.displayUrl() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlRead<T> {
        T apply(Connection connection) throws SQLException;
    }

    private MigrateResult migrateOrExplain(Flyway flyway) {
        try {
            return flyway.migrate();
        } catch (FlywayException e) {
            String stays = Versions.current(flyway.info()).map(v -> "version " + v).orElse("the empty schema");
            throw new MigrationException(describe(e) + "; the database stays at " + stays, e);
        }
    }

    private MigrationReport undoWhere(boolean saveCopy, Function<List<MigrationInfo>, List<MigrationInfo>> chooseNewestFirst) {
        long start = System.nanoTime();
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            throw new MigrationException("the database file " + config.databaseFile().get() + " does not exist: "
                    + "nothing to undo");
        }
        // planned read-only first: a refusal (too many steps, no undo script, changed scripts) changes nothing
        UndoPlan plan = withFlyway(true, null, flyway -> planUndo(flyway, chooseNewestFirst));
        if (plan.steps().isEmpty()) {
            return new MigrationReport("undo", plan.from(), plan.from(), List.of(), Versions.elapsed(start), Optional.empty(), dryRun, "");
        }
        Optional<Path> backup = config.databaseFile()
                .map(file -> SqliteFile.backupFile(file, plan.from().orElseThrow(), config.clock()));
        if (dryRun) {
            StringBuilder sql = new StringBuilder(backup.map(file -> "-- BlogKit saves a copy of the database as "
                    + file.getFileName() + "\n\n").orElse(""));
            sql.append(beginStatement()).append(";\n");
            for (UndoStep step : plan.steps()) {
                sql.append("-- undo ").append(Versions.name(step.migration())).append(" (").append(step.script()).append(")\n");
                step.statements().forEach(s -> sql.append(s).append(";\n"));
                sql.append(historyDelete(step.migration())).append(";\n");
            }
            sql.append("COMMIT;\n");
            return new MigrationReport("undo", plan.from(), plan.to(), plan.scripts(), Versions.elapsed(start), backup, true,
                    sql.toString());
        }
        return withFlyway(false, null, flyway -> {
            try (MigrationLock lock = lock(flyway.getConfiguration().getDataSource())) {
                // planned again under the lock: another process may have migrated or undone in between
                UndoPlan locked = planUndo(flyway, chooseNewestFirst);
                if (locked.steps().isEmpty()) {
                    return new MigrationReport("undo", locked.from(), locked.from(), List.of(), Versions.elapsed(start),
                            Optional.empty(), false, "");
                }
                Optional<Path> copy = config.databaseFile().filter(file -> saveCopy)
                        .map(file -> SqliteFile.backupFile(file, locked.from().orElseThrow(), config.clock()));
                runUndo(flyway.getConfiguration().getDataSource(), locked, copy);
                log.info("undid {} from {} to {}: {}; backup {}", config.displayUrl(), locked.from().orElse(EMPTY),
                        locked.to().orElse(EMPTY), locked.scripts(), copy.orElse(null));
                return new MigrationReport("undo", locked.from(), locked.to(), locked.scripts(), Versions.elapsed(start), copy,
                        false, "");
            }
        });
    }

    private UndoPlan planUndo(Flyway flyway, Function<List<MigrationInfo>, List<MigrationInfo>> chooseNewestFirst) {
        MigrationInfoService info = requireScripts(flyway.info());
        List<String> problems = checksumProblems(flyway);
        if (!problems.isEmpty()) {
            throw new MigrationException("refusing to undo: the database's applied migrations differ from "
                    + owner() + " scripts: " + String.join("; ", problems));
        }
        List<MigrationInfo> applied = Arrays.stream(info.applied())
                .filter(Versions::isVersion)
                .filter(m -> m.getState() == MigrationState.SUCCESS)
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
        List<MigrationInfo> toUndo = chooseNewestFirst.apply(applied);
        Optional<String> from = applied.stream().findFirst().map(m -> m.getVersion().getVersion());
        Optional<String> to = applied.stream().skip(toUndo.size()).findFirst().map(m -> m.getVersion().getVersion());
        List<UndoStep> steps = new ArrayList<>();
        for (MigrationInfo migration : toUndo) {
            String script = findUndoScript(migration).orElseThrow(() -> new MigrationException(
                    "cannot undo " + Versions.name(migration) + ": there is no undo script " + Versions.undoScriptName(migration)
                            + "; nothing was changed"));
            steps.add(new UndoStep(migration, Versions.undoScriptName(migration), SqlStatements.split(script)));
        }
        return new UndoPlan(from, to, steps);
    }

    /**
     * Runs every step in one transaction, begun before the copy is saved: on SQLite the write lock is held from
     * the moment the copy is read until the undo commits, so that a write another connection or process
     * acknowledged is either in the copy or still in the database (writers meanwhile wait, within their busy
     * timeout). A failure rolls everything back: the database stays at the version it was at.
     */
    private void runUndo(DataSource dataSource, UndoPlan plan, Optional<Path> backup) {
        String copy = backup.map(file -> "; the copy taken before the undo is " + file).orElse("");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(beginStatement());
            UndoStep running = null;
            try {
                if (backup.isPresent()) {
                    // a reader of its own sees what is committed, and nobody else can commit while this one holds the lock
                    try (Connection reader = readOnlyDataSource().getConnection()) {
                        SqliteFile.backup(reader, backup.get());
                    }
                }
                for (UndoStep step : plan.steps()) {
                    running = step;
                    for (String sql : step.statements()) {
                        statement.execute(sql);
                    }
                    if (config.kind() == DatabaseKind.SQLITE) {
                        List<String> violations = ForeignKeyCheck.violations(connection);
                        if (!violations.isEmpty()) {
                            throw new SQLException("it leaves rows whose foreign key points to no row: "
                                    + String.join(", ", violations));
                        }
                    }
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM " + set.historyTable() + " WHERE version = ?")) {
                        delete.setString(1, step.migration().getVersion().getVersion());
                        delete.executeUpdate();
                    }
                }
                statement.execute("COMMIT");
            } catch (SQLException e) {
                statement.execute("ROLLBACK");
                String stays = "; the database stays at version " + plan.from().orElse(EMPTY);
                if (running == null) {
                    throw new MigrationException("undo failed before it changed anything: cannot save the copy "
                            + backup.orElseThrow() + ": " + e.getMessage() + stays, e);
                }
                throw new MigrationException("undo of " + Versions.name(running.migration()) + " failed in " + running.script()
                        + ": " + e.getMessage() + stays + copy, e);
            }
        } catch (SQLException e) {
            throw new MigrationException("undo failed before it changed anything: " + e.getMessage(), e);
        }
    }

    /** SQLite's write transactions take the write lock at once; PostgreSQL locks row by row. */
    private String beginStatement() {
        return config.kind() == DatabaseKind.SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
    }

    /** The lock that lets one migrate or undo at a time change this database. */
    private MigrationLock lock(DataSource dataSource) {
        return config.databaseFile().map(file -> MigrationLock.acquire(file, LOCK_TIMEOUT))
                .orElseGet(() -> MigrationLock.acquire(dataSource, LOCK_TIMEOUT));
    }

    /**
     * Runs {@code work} with a Flyway of this set. Read-only work on a database file that does not exist yet sees
     * an empty in-memory database, so that looking creates no file.
     */
    private <T> T withFlyway(boolean readOnly, String target, Function<Flyway, T> work) {
        DataSource dataSource;
        Optional<Path> file = config.databaseFile();
        if (readOnly && file.isPresent() && !Files.exists(file.get())) {
            SqliteFile.refuseUnlessSqlite(file.get());
            SQLiteDataSource empty = new SQLiteDataSource();
            empty.setUrl("jdbc:sqlite::memory:");
            dataSource = empty;
        } else {
            dataSource = readOnly ? readOnlyDataSource() : migrationDataSource();
        }
        FluentConfiguration flyway = flywayConfiguration(dataSource);
        if (target != null) {
            flyway.target(target);
        }
        try {
            return work.apply(flyway.load());
        } catch (FlywayException e) {
            throw new MigrationException(describe(e), e);
        }
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
        return set.application() ? "the application's" : "BlogKit's";
    }

    public BlogConfig config() {
        return config;
    }

    /** Flyway, configured the BlogKit way for this set. */
    private FluentConfiguration flywayConfiguration(DataSource dataSource) {
        FluentConfiguration flyway = Flyway.configure(scripts)
                .dataSource(dataSource)
                .locations(set.migrationLocations().toArray(String[]::new))
                .table(set.historyTable())
                // SLF4J, with every URL password masked
                .loggers(MaskingFlywayLog.class.getName())
                // a location without scripts is refused by requireScripts, with the location in the message
                .failOnMissingLocations(false)
                .validateMigrationNaming(true)
                // a database that already holds an application's tables gets BlogKit's history beside them
                .baselineOnMigrate(true)
                .baselineVersion(EMPTY)
                .baselineDescription(Versions.BASELINE_DESCRIPTION)
                .cleanDisabled(true);
        if (config.kind() == DatabaseKind.SQLITE) {
            flyway.callbacks(new ForeignKeyCheck());
        }
        return flyway;
    }

    private List<String> checksumProblems(Flyway flyway) {
        ValidateResult result = Flyway.configure(scripts)
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:pending", "*:future")
                .load()
                .validateWithResult();
        if (result.validationSuccessful) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (ValidateOutput invalid : result.invalidMigrations) {
            problems.add("V" + invalid.version + " (" + invalid.description + "): " + Versions.oneLine(invalid.errorDetails.errorMessage));
        }
        if (problems.isEmpty() && result.errorDetails != null) {
            problems.add(Versions.oneLine(result.errorDetails.errorMessage));
        }
        return problems;
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

    private VersionInfo versionInfo(MigrationInfo migration) {
        VersionInfo.State state = switch (migration.getState()) {
            case SUCCESS -> VersionInfo.State.APPLIED;
            case FAILED, MISSING_FAILED, FUTURE_FAILED -> VersionInfo.State.FAILED;
            case MISSING_SUCCESS, FUTURE_SUCCESS -> VersionInfo.State.APPLIED_WITHOUT_SCRIPT;
            default -> VersionInfo.State.PENDING;
        };
        return new VersionInfo(migration.getVersion().getVersion(), migration.getDescription(), state,
                Optional.ofNullable(migration.getInstalledOn()).map(java.util.Date::toInstant),
                migration.getScript(), findUndoScript(migration).isPresent());
    }

    private String migrationScript(MigrationInfo migration) {
        for (String location : set.migrationLocations()) {
            Optional<String> text = resource(location + "/" + migration.getScript());
            if (text.isPresent()) {
                return text.get();
            }
        }
        throw new MigrationException("cannot read the script of " + Versions.name(migration) + ": " + migration.getScript());
    }

    private Optional<String> findUndoScript(MigrationInfo migration) {
        if (migration.getScript() == null) {
            return Optional.empty();
        }
        for (String location : set.undoLocations()) {
            Optional<String> text = resource(location + "/" + Versions.undoScriptName(migration));
            if (text.isPresent()) {
                return text;
            }
        }
        return Optional.empty();
    }

    /** A script at a location: {@code filesystem:DIR/NAME}, {@code classpath:PATH/NAME} or a bare class path name. */
    private Optional<String> resource(String name) {
        if (name.startsWith("filesystem:")) {
            Path file = Path.of(name.substring("filesystem:".length()));
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
            } catch (IOException e) {
                throw new MigrationException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        name = name.replaceFirst("^classpath:", "");
        try (InputStream in = scripts.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MigrationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private String historyDelete(MigrationInfo migration) {
        return "DELETE FROM " + set.historyTable() + " WHERE version = '" + migration.getVersion() + "'";
    }

    private void requireKnownVersion(MigrationInfoService info, String version) {
        List<String> known = Arrays.stream(info.all())
                .filter(Versions::isVersion)
                .map(m -> m.getVersion().getVersion())
                .distinct()
                .toList();
        if (!known.contains(version)) {
            throw new MigrationException("unknown version '" + version + "': the known versions are "
                    + String.join(", ", known) + (known.isEmpty() ? "" : ", and " + EMPTY + " for the empty schema"));
        }
    }

    /**
     * Refuses a set whose locations hold no migration script: a location that does not resolve (a typo, a
     * {@code classpath:} folder outside the class path) must not look like a database with nothing to migrate.
     */
    private MigrationInfoService requireScripts(MigrationInfoService info) {
        if (!Versions.hasScripts(info)) {
            throw new MigrationException("no migration script (V<n>__<what>.sql) at " + String.join(", ", set.migrationLocations())
                    + (set.application() ? ": check the migrations location (--migrations" + (set.migrationLocations().stream()
                    .anyMatch(l -> l.startsWith("classpath:")) ? ", and --classpath for a classpath: location" : "")
                    + ")" : "") + "; nothing was changed");
        }
        return info;
    }

    /**
     * Flyway's multi-line messages as one line a person reads: a connection that failed names the database and
     * what the server or the network said (a database, role or host that does not exist, a server that refused);
     * a script that failed names the script, the line and the database's error, without Flyway's
     * {@code SQL State : ...; Error Code : ...} boilerplate.
     */
    private String describe(FlywayException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        SQLException sql = DatabaseErrors.find(e, SQLException.class);
        if (message.startsWith("Unable to obtain connection") && sql != null) {
            return "cannot connect to " + config.displayUrl() + ": " + DatabaseErrors.connectionProblem(sql);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : message.split("\\R")) {
            int colon = line.indexOf(" : ");
            if (colon > 0 && line.substring(0, colon).strip().matches("[A-Za-z ]+")) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 3).strip());
            }
        }
        if (!fields.containsKey("Message")) {
            return Versions.oneLine(message).replace("Error while executing afterEachMigrate callback: ", "");
        }
        String header = Versions.oneLine(message.split("\\R", 2)[0]).replace("Error while executing afterEachMigrate callback: ", "");
        StringBuilder said = new StringBuilder(header).append(": ").append(fields.get("Message"));
        if (fields.containsKey("Location")) {
            said.append(" (").append(fields.get("Location").replaceAll(" \\(.*\\)$", ""));
            if (fields.containsKey("Line")) {
                said.append(", line ").append(fields.get("Line"));
            }
            said.append(")");
        }
        String statement = fields.get("Statement");
        if (statement != null && !statement.startsWith("Run Flyway")) {
            said.append("; statement: ").append(statement);
        }
        return said.toString();
    }

    private record UndoStep(MigrationInfo migration, String script, List<String> statements) {
    }

    /** The versions an undo takes back, newest first, from the version it starts at to the one it ends at. */
    private record UndoPlan(Optional<String> from, Optional<String> to, List<UndoStep> steps) {

        List<String> scripts() {
            return steps.stream().map(UndoStep::script).toList();
        }
    }
}
