package dev.blogkit.migration;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
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
import java.util.List;
import java.util.Optional;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

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
 * order, each in one transaction together with removing its version from the history, so that a failure or a
 * killed process leaves the database at a version, never between two. BlogKit keeps its own history table,
 * {@code blogkit_schema_history}, so that an application's own Flyway migrations live beside it.
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
    public static final String EMPTY = "0";

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final String BASELINE_DESCRIPTION = "<< BlogKit baseline >>";
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);

    private final BlogConfig config;
    private final MigrationSet set;
    private final boolean dryRun;

    private Migrations(BlogConfig config, MigrationSet set, boolean dryRun) {
        this.config = config;
        this.set = set;
        this.dryRun = dryRun;
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
        return new Migrations(config, MigrationSet.blogkit(config.kind()), false);
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
        return new Migrations(config, MigrationSet.application(config), false);
    }

    /**
     * BlogKit's migrations, then the application's if the configuration names some: the order in which
     * {@link Blog#open} applies them, because the application's tables may reference BlogKit's.
     */
    public static List<Migrations> allOf(BlogConfig config) {
        return config.migrationLocation().isPresent() ? List.of(on(config), ofApplication(config)) : List.of(on(config));
    }

    /** For tests: another set of migrations, for example BlogKit's plus a broken one. */
    static Migrations on(BlogConfig config, MigrationSet set) {
        return new Migrations(config, set, false);
    }

    /**
     * The same migrations, but {@link #migrate()} and {@link #undo()} only report the SQL they would run, in
     * order, in {@link MigrationReport#sql()}, and change nothing.
     */
    public Migrations dryRun() {
        return new Migrations(config, set, true);
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
        return migrateTo(requireVersionArgument(targetVersion));
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
        return undoWhere(applied -> {
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
        String target = requireVersionArgument(version);
        if (!target.equals(EMPTY)) {
            // before the undo takes the lock and its connection, as migrate(target) checks its target
            requireKnownVersion(target);
        }
        return undoWhere(applied -> {
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

    /** The newest applied version; empty for the empty schema. */
    public Optional<String> currentVersion() {
        return withFlyway(true, null, flyway -> current(flyway.info()));
    }

    /** Every known version, oldest first: applied ones with the time they were applied, then pending ones. */
    public List<VersionInfo> history() {
        return withFlyway(true, null, flyway -> Arrays.stream(flyway.info().all())
                .filter(Migrations::isVersion)
                .map(this::versionInfo)
                .toList());
    }

    /**
     * Checks everything, changes nothing: no version pending, every applied script unchanged since it ran, an
     * undo script for every version, and (when the rest holds) the entities matching the migrated schema, both
     * as Hibernate's schema validator sees it and as {@link #check()} does.
     */
    public ValidationReport validate() {
        List<String> problems = new ArrayList<>();
        withFlyway(true, null, flyway -> {
            problems.addAll(checksumProblems(flyway));
            for (MigrationInfo pending : flyway.info().pending()) {
                problems.add(name(pending) + " is pending: run migrate");
            }
            for (MigrationInfo migration : flyway.info().all()) {
                if (isVersion(migration) && migration.getScript() != null && findUndoScript(migration).isEmpty()
                        && migration.getState() != MigrationState.MISSING_SUCCESS
                        && migration.getState() != MigrationState.FUTURE_SUCCESS) {
                    problems.add(name(migration) + " has no undo script " + undoScriptName(migration));
                }
            }
            return null;
        });
        if (problems.isEmpty() && (set.equals(MigrationSet.blogkit(config.kind())) || set.application())) {
            problems.addAll(entityDrift());
            // what Hibernate's validator does not look at: indexes, unique constraints, foreign keys, extra tables
            // (pending versions are reported above already)
            Autogenerate.schemaDifferences(this).forEach(d -> problems.add("the entities and the database differ: " + d));
        }
        return new ValidationReport(problems);
    }

    /**
     * Compares the entities, BlogKit's and the application's ({@link BlogConfig.Builder#entities}), with the
     * database, and lists each difference: tables, columns (type and nullability), indexes, unique constraints,
     * foreign keys; pending versions count as differences. Changes nothing. Alembic's {@code check}.
     */
    public SchemaCheck check() {
        return Autogenerate.check(this);
    }

    /**
     * Writes the next version of these migrations from the difference between their entities and the database:
     * {@code <dir>/migration/<vendor>/V<n>__<message>.sql} and its undo {@code <dir>/undo/<vendor>/U<n>__<message>.sql}.
     * Added and removed tables and columns, nullability and type, indexes, unique constraints and foreign keys;
     * on SQLite, what ALTER TABLE cannot do is a table rebuild. Nothing is written when nothing differs. Alembic's
     * {@code revision --autogenerate}. The database is only read.
     *
     * @param message what the version does, for example {@code "add user bio"}; it names the files
     * @param dir the folder that holds {@code migration/} and {@code undo/}, for example
     *     {@code src/main/resources/db/blogkit}
     * @throws InvalidInputException if the message is blank or has no letter or digit, or dir is null
     * @throws MigrationException if the database has pending versions (migrate first), or a script exists already
     */
    public GeneratedMigration generate(String message, Path dir) {
        return Autogenerate.generate(this, message, dir);
    }

    /**
     * {@link #generate(String, Path)} into the project's own folder: {@code src/main/resources/db/blogkit} for
     * BlogKit's migrations, the application's location for its own (a {@code classpath:PATH} location under
     * {@code src/main/resources}).
     */
    public GeneratedMigration generate(String message) {
        return generate(message, Autogenerate.defaultDirectory(this));
    }

    /**
     * Refuses a database that has pending versions or whose applied scripts changed since they ran; changes
     * nothing. {@link Blog#open} calls this when {@code migrateOnOpen} is false.
     *
     * @throws MigrationException naming the pending versions or the changed scripts
     */
    public void requireUpToDate() {
        withFlyway(true, null, flyway -> {
            MigrationInfo[] pending = flyway.info().pending();
            if (pending.length > 0) {
                throw new MigrationException("the database has pending " + owner() + " migrations ("
                        + Arrays.stream(pending).map(Migrations::name).collect(Collectors.joining(", "))
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
        if (target != null) {
            requireKnownVersion(target);
        }
        return withFlyway(dryRun, target, flyway -> {
            MigrationInfoService info = flyway.info();
            Optional<String> from = current(info);
            if (target != null && from.isPresent()
                    && MigrationVersion.fromVersion(from.get()).isNewerThan(target)) {
                throw new MigrationException("cannot migrate to version " + target + ": the database is at version "
                        + from.get() + "; use undo");
            }
            if (dryRun) {
                List<MigrationInfo> pending = List.of(info.pending());
                StringBuilder sql = new StringBuilder();
                for (MigrationInfo migration : pending) {
                    sql.append("-- ").append(name(migration)).append(" (").append(migration.getScript()).append(")\n")
                            .append(migrationScript(migration).strip()).append('\n')
                            .append("-- BlogKit records version ").append(migration.getVersion())
                            .append(" in ").append(set.historyTable()).append("\n\n");
                }
                Optional<String> to = pending.isEmpty() ? from
                        : Optional.of(pending.get(pending.size() - 1).getVersion().getVersion());
                return new MigrationReport("migrate", from, to, pending.stream().map(MigrationInfo::getScript).toList(),
                        elapsed(start), Optional.empty(), true, sql.toString());
            }
            try (MigrationLock lock = dryRun ? null : lock(flyway.getConfiguration().getDataSource())) {
                // what another process did while this one waited for the lock counts as done already
                Optional<String> before = current(flyway.info());
                MigrateResult result = migrateOrExplain(flyway);
                List<String> scripts = result.migrations.stream().map(m -> Path.of(m.filepath).getFileName().toString())
                        .toList();
                Optional<String> after = current(flyway.info());
                log.info("migrated {} from {} to {}: {}", config.jdbcUrl(), before.orElse(EMPTY), after.orElse(EMPTY), scripts);
                return new MigrationReport("migrate", before, after, scripts, elapsed(start), Optional.empty(), false, "");
            }
        });
    }

    private MigrateResult migrateOrExplain(Flyway flyway) {
        try {
            return flyway.migrate();
        } catch (FlywayException e) {
            String stays = current(flyway.info()).map(v -> "version " + v).orElse("the empty schema");
            throw new MigrationException(describe(e) + "; the database stays at " + stays, e);
        }
    }

    private MigrationReport undoWhere(Function<List<MigrationInfo>, List<MigrationInfo>> chooseNewestFirst) {
        long start = System.nanoTime();
        return withFlyway(dryRun, null, flyway -> {
            try (MigrationLock lock = dryRun ? null : lock(flyway.getConfiguration().getDataSource())) {
                List<String> problems = checksumProblems(flyway);
                if (!problems.isEmpty()) {
                    throw new MigrationException("refusing to undo: the database's applied migrations differ from "
                            + "BlogKit's scripts: " + String.join("; ", problems));
                }
                List<MigrationInfo> applied = Arrays.stream(flyway.info().applied())
                        .filter(Migrations::isVersion)
                        .filter(m -> m.getState() == MigrationState.SUCCESS)
                        .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                        .toList();
                List<MigrationInfo> toUndo = chooseNewestFirst.apply(applied);
                Optional<String> from = applied.stream().findFirst().map(m -> m.getVersion().getVersion());
                Optional<String> to = applied.stream().skip(toUndo.size()).findFirst().map(m -> m.getVersion().getVersion());
                if (toUndo.isEmpty()) {
                    return new MigrationReport("undo", from, from, List.of(), elapsed(start), Optional.empty(), dryRun, "");
                }
                List<UndoStep> steps = new ArrayList<>();
                for (MigrationInfo migration : toUndo) {
                    String script = findUndoScript(migration).orElseThrow(() -> new MigrationException(
                            "cannot undo " + name(migration) + ": there is no undo script " + undoScriptName(migration)
                                    + "; nothing was changed"));
                    steps.add(new UndoStep(migration, undoScriptName(migration), SqlStatements.split(script)));
                }
                List<String> scripts = steps.stream().map(UndoStep::script).toList();
                Optional<Path> backup = config.databaseFile()
                        .map(file -> SqliteFile.backupFile(file, from.orElseThrow(), config.clock()));
                if (dryRun) {
                    StringBuilder sql = new StringBuilder(backup.map(file -> "-- BlogKit saves a copy of the database as "
                            + file.getFileName() + "\n\n").orElse(""));
                    for (UndoStep step : steps) {
                        sql.append("-- undo ").append(name(step.migration())).append(" (").append(step.script()).append(")\n")
                                .append(beginStatement()).append(";\n");
                        step.statements().forEach(s -> sql.append(s).append(";\n"));
                        sql.append(historyDelete(step.migration())).append(";\nCOMMIT;\n\n");
                    }
                    return new MigrationReport("undo", from, to, scripts, elapsed(start), backup, true, sql.toString());
                }
                runUndo(flyway.getConfiguration().getDataSource(), steps, backup);
                log.info("undid {} from {} to {}: {}; backup {}", config.jdbcUrl(), from.orElse(EMPTY), to.orElse(EMPTY),
                        scripts, backup.orElse(null));
                return new MigrationReport("undo", from, to, scripts, elapsed(start), backup, false, "");
            }
        });
    }

    private void runUndo(DataSource dataSource, List<UndoStep> steps, Optional<Path> backup) {
        String copy = backup.map(file -> "; the copy taken before the undo is " + file).orElse("");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (backup.isPresent()) {
                SqliteFile.backup(connection, backup.get());
            }
            for (UndoStep step : steps) {
                statement.execute(beginStatement());
                try {
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
                    statement.execute("COMMIT");
                } catch (SQLException e) {
                    statement.execute("ROLLBACK");
                    throw new MigrationException("undo of " + name(step.migration()) + " failed in " + step.script()
                            + ": " + e.getMessage() + "; the database stays at version " + step.migration().getVersion()
                            + copy, e);
                }
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
            dataSource = migrationDataSource();
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
    DataSource dataSource() {
        return dataSource(true);
    }

    /** The connections migrations and undo run on: on SQLite with foreign keys off ({@link ForeignKeyCheck}). */
    DataSource migrationDataSource() {
        return dataSource(false);
    }

    private DataSource dataSource(boolean foreignKeys) {
        Optional<Path> file = config.databaseFile();
        if (file.isEmpty()) {
            PGSimpleDataSource postgresql = new PGSimpleDataSource();
            postgresql.setUrl(config.jdbcUrl());
            return postgresql;
        }
        SqliteFile.refuseUnlessSqlite(file.get());
        return SqliteFile.dataSource(config, foreignKeys);
    }

    MigrationSet set() {
        return set;
    }

    /** Whose migrations these are, for messages: "BlogKit's" or "the application's". */
    String owner() {
        return set.application() ? "the application's" : "BlogKit's";
    }

    BlogConfig config() {
        return config;
    }

    /** Flyway, configured the BlogKit way for this set. */
    private FluentConfiguration flywayConfiguration(DataSource dataSource) {
        FluentConfiguration flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(set.migrationLocations().toArray(String[]::new))
                .table(set.historyTable())
                .loggers("slf4j")
                // an application that has written no migration yet has no folder yet; BlogKit's always exist
                .failOnMissingLocations(!set.application())
                .validateMigrationNaming(true)
                // a database that already holds an application's tables gets BlogKit's history beside them
                .baselineOnMigrate(true)
                .baselineVersion(EMPTY)
                .baselineDescription(BASELINE_DESCRIPTION)
                .cleanDisabled(true);
        if (config.kind() == DatabaseKind.SQLITE) {
            flyway.callbacks(new ForeignKeyCheck());
        }
        return flyway;
    }

    private List<String> checksumProblems(Flyway flyway) {
        ValidateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:pending", "*:future")
                .load()
                .validateWithResult();
        if (result.validationSuccessful) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (ValidateOutput invalid : result.invalidMigrations) {
            problems.add("V" + invalid.version + " (" + invalid.description + "): " + oneLine(invalid.errorDetails.errorMessage));
        }
        if (problems.isEmpty() && result.errorDetails != null) {
            problems.add(oneLine(result.errorDetails.errorMessage));
        }
        return problems;
    }

    private List<String> entityDrift() {
        try (Blog blog = Blog.open(checkingConfig())) {
            return List.of();
        } catch (BlogException e) {
            return List.of("the entities do not match the migrated schema: " + e.getMessage());
        }
    }

    /** The same database, entities and migrations, for a look that migrates nothing. */
    BlogConfig checkingConfig() {
        BlogConfig.Builder check = BlogConfig.builder(config.jdbcUrl()).busyTimeout(config.busyTimeout())
                .migrateOnOpen(false).poolSize(1).entities(config.entities().toArray(Class<?>[]::new));
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
        throw new MigrationException("cannot read the script of " + name(migration) + ": " + migration.getScript());
    }

    private Optional<String> findUndoScript(MigrationInfo migration) {
        if (migration.getScript() == null) {
            return Optional.empty();
        }
        for (String location : set.undoLocations()) {
            Optional<String> text = resource(location + "/" + undoScriptName(migration));
            if (text.isPresent()) {
                return text;
            }
        }
        return Optional.empty();
    }

    private static String undoScriptName(MigrationInfo migration) {
        String script = migration.getScript();
        return script != null && script.startsWith("V") ? "U" + script.substring(1)
                : "U" + migration.getVersion() + "__" + migration.getDescription().replace(' ', '_') + ".sql";
    }

    /** A script at a location: {@code filesystem:DIR/NAME}, {@code classpath:PATH/NAME} or a bare class path name. */
    private static Optional<String> resource(String name) {
        if (name.startsWith("filesystem:")) {
            Path file = Path.of(name.substring("filesystem:".length()));
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
            } catch (IOException e) {
                throw new MigrationException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        name = name.replaceFirst("^classpath:", "");
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MigrationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private String historyDelete(MigrationInfo migration) {
        return "DELETE FROM " + set.historyTable() + " WHERE version = '" + migration.getVersion() + "'";
    }

    private void requireKnownVersion(String version) {
        List<String> known = withFlyway(true, null, flyway -> Arrays.stream(flyway.info().all())
                .filter(Migrations::isVersion)
                .map(m -> m.getVersion().getVersion())
                .distinct()
                .toList());
        if (!known.contains(version)) {
            throw new MigrationException("unknown version '" + version + "': the known versions are "
                    + String.join(", ", known) + (known.isEmpty() ? "" : ", and " + EMPTY + " for the empty schema"));
        }
    }

    private static String requireVersionArgument(String version) {
        if (version == null || version.isBlank()) {
            throw new MigrationException("a version is required, for example 2 (or " + EMPTY + " for the empty schema)");
        }
        try {
            MigrationVersion.fromVersion(version.strip());
        } catch (FlywayException e) {
            throw new MigrationException("'" + version + "' is not a version: use digits such as 2 or 1.1");
        }
        return version.strip();
    }

    private static Optional<String> current(MigrationInfoService info) {
        return Arrays.stream(info.applied())
                .filter(Migrations::isVersion)
                .filter(m -> m.getState() == MigrationState.SUCCESS || m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.MISSING_SUCCESS)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion);
    }

    /** A versioned migration, not the baseline marker. */
    private static boolean isVersion(MigrationInfo migration) {
        return migration.isVersioned() && migration.getVersion() != null
                && !BASELINE_DESCRIPTION.equals(migration.getDescription())
                && !migration.getVersion().getVersion().equals(EMPTY);
    }

    private static String name(MigrationInfo migration) {
        return "V" + migration.getVersion() + " (" + migration.getDescription() + ")";
    }

    /** Flyway's multi-line messages, as one line that keeps the script, the database's error and the statement. */
    private static String describe(FlywayException e) {
        return oneLine(e.getMessage()).replace("Error while executing afterEachMigrate callback: ", "");
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return Arrays.stream(message.split("\\R"))
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.matches("-+"))
                .collect(Collectors.joining("; "));
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private record UndoStep(MigrationInfo migration, String script, List<String> statements) {
    }
}
