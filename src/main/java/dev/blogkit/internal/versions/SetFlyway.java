package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.schema.DatabaseSchemaReader;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.VersionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * Flyway, configured the BlogKit way for one set on one database, and what reads the set's scripts and its
 * history: the checks every operation shares (scripts present, a known version, applied scripts unchanged), the
 * lock, the one-snapshot reads, and Flyway's messages as one line.
 */
final class SetFlyway {

    /** How long a migrate or an undo waits for another process's to finish. */
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(10);
    /** How many snapshots a read of the schema is given while another process keeps changing it. */
    private static final int SNAPSHOT_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(SetFlyway.class);

    private final BlogConfig config;
    private final MigrationSet set;
    private final ClassLoader scripts;

    SetFlyway(BlogConfig config, MigrationSet set) {
        this.config = config;
        this.set = set;
        this.scripts = ScriptLoader.over(config.classLoader());
    }

    /** Whose migrations these are, for messages: "BlogKit's" or "the application's". */
    String owner() {
        return set.application() ? "the application's" : "BlogKit's";
    }

    List<VersionInfo> versions(MigrationInfoService info) {
        return Arrays.stream(info.all()).filter(Versions::isVersion).map(this::versionInfo).toList();
    }

    /**
     * What a read on a read-only connection finds, in one snapshot of the database. A read that found the catalog
     * changing under it (another process migrating this database) is made again in a new snapshot.
     */
    <T> T inSnapshot(SqlRead<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneSnapshot(read);
            } catch (MigrationException e) {
                if (!(e.getCause() instanceof DatabaseSchemaReader.ChangedWhileRead) || attempt == SNAPSHOT_ATTEMPTS) {
                    throw e;
                }
                log.debug("{}; reading it again", e.getCause().getMessage());
            }
        }
    }

    private <T> T inOneSnapshot(SqlRead<T> read) {
        Connection opened;
        try {
            opened = SetConnections.readOnly(config).getConnection();
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
    interface SqlRead<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** The lock that lets one migrate or undo at a time change this database. */
    MigrationLock lock(DataSource dataSource) {
        return config.databaseFile().map(file -> MigrationLock.acquire(file, LOCK_TIMEOUT))
                .orElseGet(() -> MigrationLock.acquire(dataSource, LOCK_TIMEOUT));
    }

    /**
     * Runs {@code work} with a Flyway of this set. Read-only work on a database file that does not exist yet sees
     * an empty in-memory database, so that looking creates no file.
     */
    <T> T withFlyway(boolean readOnly, String target, Function<Flyway, T> work) {
        DataSource dataSource;
        Optional<Path> file = config.databaseFile();
        if (readOnly && file.isPresent() && !Files.exists(file.get())) {
            SqliteFile.refuseUnlessSqlite(file.get());
            SQLiteDataSource empty = new SQLiteDataSource();
            empty.setUrl("jdbc:sqlite::memory:");
            dataSource = empty;
        } else {
            dataSource = readOnly ? SetConnections.readOnly(config) : SetConnections.of(config, false);
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
     * The versions of this set's scripts for {@code kind} (the application's location, that database's folder),
     * version to description in version order: read from the scripts alone, through an empty in-memory database.
     */
    java.util.LinkedHashMap<String, String> scriptVersions(DatabaseKind kind) {
        SQLiteDataSource empty = new SQLiteDataSource();
        empty.setUrl("jdbc:sqlite::memory:");
        MigrationSet other = MigrationSet.application(config, kind);
        java.util.LinkedHashMap<String, String> versions = new java.util.LinkedHashMap<>();
        try {
            Arrays.stream(Flyway.configure(scripts).dataSource(empty)
                            .locations(other.migrationLocations().toArray(String[]::new)).table(set.historyTable())
                            .loggers(MaskingFlywayLog.class.getName()).failOnMissingLocations(false)
                            .validateMigrationNaming(true).load().info().all())
                    .filter(Versions::isVersion)
                    .forEach(m -> versions.put(m.getVersion().getVersion(), m.getDescription()));
        } catch (FlywayException e) {
            throw new MigrationException(describe(e), e);
        }
        return versions;
    }

    /** Flyway, configured the BlogKit way for this set. */
    FluentConfiguration flywayConfiguration(DataSource dataSource) {
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
                .baselineVersion(Versions.EMPTY)
                .baselineDescription(Versions.BASELINE_DESCRIPTION)
                .cleanDisabled(true);
        List<org.flywaydb.core.api.callback.Callback> callbacks = new ArrayList<>();
        if (config.kind() == DatabaseKind.SQLITE) {
            callbacks.add(new ForeignKeyCheck());
        }
        if (!set.application()) {
            callbacks.add(new UserKeys());
            callbacks.add(new PostSearchTerms());
        }
        flyway.callbacks(callbacks.toArray(org.flywaydb.core.api.callback.Callback[]::new));
        return flyway;
    }

    List<String> checksumProblems(Flyway flyway) {
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

    VersionInfo versionInfo(MigrationInfo migration) {
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

    String migrationScript(MigrationInfo migration) {
        for (String location : set.migrationLocations()) {
            Optional<String> text = resource(location + "/" + migration.getScript());
            if (text.isPresent()) {
                return text.get();
            }
        }
        throw new MigrationException("cannot read the script of " + Versions.name(migration) + ": " + migration.getScript());
    }

    Optional<String> findUndoScript(MigrationInfo migration) {
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
    Optional<String> resource(String name) {
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

    void requireKnownVersion(MigrationInfoService info, String version) {
        List<String> known = Arrays.stream(info.all())
                .filter(Versions::isVersion)
                .map(m -> m.getVersion().getVersion())
                .distinct()
                .toList();
        if (!known.contains(version)) {
            throw new MigrationException("unknown version '" + version + "': the known versions are "
                    + String.join(", ", known) + (known.isEmpty() ? "" : ", and " + Versions.EMPTY + " for the empty schema"));
        }
    }

    /**
     * Refuses a set whose locations hold no migration script: a location that does not resolve (a typo, a
     * {@code classpath:} folder outside the class path) must not look like a database with nothing to migrate.
     */
    MigrationInfoService requireScripts(MigrationInfoService info) {
        if (!Versions.hasScripts(info)) {
            throw new MigrationException("no migration script (V<n>__<what>.sql) at " + String.join(", ", set.migrationLocations())
                    + (set.application() ? ": check the migrations location (BlogConfig.Builder.migrations(location, historyTable)" + (set.migrationLocations().stream()
                    .anyMatch(l -> l.startsWith("classpath:")) ? ", and BlogConfig.Builder.classLoader for a classpath: location" : "")
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
    String describe(FlywayException e) {
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

    /** Takes back a history table that a failed stamp began, so that the database is as it was. */
    void dropHistoryTable(DataSource dataSource, RuntimeException failure) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + set.historyTable());
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Whether this set's history table exists and holds a row (the empty schema's marker counts). */
    boolean hasHistory() {
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            return false;
        }
        return inSnapshot(connection -> DatabaseSchemaReader.hasTable(connection, set.historyTable())
                && hasRows(connection, set.historyTable()));
    }

    /** Whether {@code schema}, read on {@code connection}, has this set's history table with a row in it. */
    boolean hasHistory(Schema schema, Connection connection) throws SQLException {
        return schema.tables().containsKey(set.historyTable()) && hasRows(connection, set.historyTable());
    }

    private static boolean hasRows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /** The newest applied version; empty for the empty schema. */
    Optional<String> currentVersion() {
        return withFlyway(true, null, flyway -> Versions.current(requireScripts(flyway.info())));
    }
}
