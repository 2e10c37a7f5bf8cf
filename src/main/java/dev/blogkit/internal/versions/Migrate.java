package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.internal.schema.DatabaseSchemaReader;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.MigrationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;

/**
 * Migrate, through Flyway, with what it lacks: every refusal first, read-only (unknown or older target, changed
 * scripts, a database of tables nobody's set created), a dry run that prints the scripts, the lock, and nothing
 * left behind by a migrate that failed (the file it created, or the history table it began).
 */
final class Migrate {

    private static final Logger log = Versions.LOG;

    private final BlogConfig config;
    private final MigrationSet set;
    private final SetFlyway core;
    private final boolean dryRun;
    /** The tables the configuration's other sets own: not foreign to this one. */
    private final Supplier<Set<String>> otherSetsTables;

    Migrate(BlogConfig config, MigrationSet set, SetFlyway core, boolean dryRun, Supplier<Set<String>> otherSetsTables) {
        this.config = config;
        this.set = set;
        this.core = core;
        this.dryRun = dryRun;
        this.otherSetsTables = otherSetsTables;
    }

    MigrationReport to(String target) {
        long start = System.nanoTime();
        // everything that can refuse looks first, read-only: a refusal leaves the database byte for byte as it was
        MigrationReport plan = core.withFlyway(true, null, flyway -> {
            MigrationInfoService info = core.requireScripts(flyway.info());
            if (target != null) {
                core.requireKnownVersion(info, target);
            }
            Optional<String> from = Versions.current(info);
            if (target != null && from.isPresent()
                    && MigrationVersion.fromVersion(from.get()).isNewerThan(target)) {
                throw new MigrationException("cannot migrate to version " + target + ": the database is at version "
                        + from.get() + "; use undo");
            }
            List<MigrationInfo> pending = Versions.pending(info, target);
            if (!pending.isEmpty() && info.applied().length == 0) {
                requireNoForeignTables();
            }
            if (!dryRun && !pending.isEmpty()) {
                // Flyway's migrate validates the applied scripts before it runs anything
                return null;
            }
            List<String> changed = core.checksumProblems(flyway);
            if (!changed.isEmpty()) {
                throw new MigrationException("refusing to migrate: the database's applied migrations differ from "
                        + core.owner() + " scripts: " + String.join("; ", changed));
            }
            StringBuilder sql = new StringBuilder();
            for (MigrationInfo migration : pending) {
                sql.append("-- ").append(Versions.name(migration)).append(" (").append(migration.getScript()).append(")\n")
                        .append(core.migrationScript(migration).strip()).append('\n')
                        .append(javaStep(migration))
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
        boolean newHistory = !core.hasHistory();
        try {
            return migrateLocked(target, start);
        } catch (RuntimeException e) {
            // nothing is left of a migrate that failed: the file it created, or the history table it began
            if (newFile) {
                SqliteFile.removeCreated(config.databaseFile().orElseThrow(), e);
            } else if (newHistory && core.currentVersion().isEmpty()) {
                core.dropHistoryTable(SetConnections.of(config, false), e);
            }
            throw e;
        }
    }

    private MigrationReport migrateLocked(String target, long start) {
        return core.withFlyway(false, target, flyway -> {
            try (MigrationLock lock = core.lock(flyway.getConfiguration().getDataSource())) {
                // what another process did while this one waited for the lock counts as done already
                Optional<String> before = Versions.current(flyway.info());
                MigrateResult result = migrateOrExplain(flyway);
                List<String> scripts = result.migrations.stream().map(m -> SqliteFile.fileName(Path.of(m.filepath)))
                        .toList();
                Optional<String> after = Versions.current(flyway.info());
                if (scripts.isEmpty()) {
                    log.debug("{} is up to date at {}", config.displayUrl(), after.orElse(Versions.EMPTY));
                } else {
                    log.info("migrated {} from {} to {}: {}", config.displayUrl(), before.orElse(Versions.EMPTY),
                            after.orElse(Versions.EMPTY), scripts);
                }
                return new MigrationReport("migrate", before, after, scripts, Versions.elapsed(start), Optional.empty(), false, "");
            }
        });
    }

    /**
     * Refuses to start this set's history in a database that holds tables of nobody's set: a database BlogKit did
     * not create is adopted only explicitly, with stamp. History tables and the tables of the other sets
     * of the configuration (BlogKit's, when these are the application's) are not foreign.
     */
    private void requireNoForeignTables() {
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            return;
        }
        // the tables and the history in one snapshot: another process may be migrating this database right now
        Schema database = core.inSnapshot(connection -> {
            Schema read = DatabaseSchemaReader.read(connection, Set.of());
            return core.hasHistory(read, connection) ? null : read;
        });
        if (database == null) {
            return;
        }
        List<String> tables = database.tables().values().stream().filter(t -> !Ownership.isHistoryTable(t))
                .map(SchemaModel.Table::name).toList();
        if (tables.isEmpty()) {
            return;
        }
        Set<String> known = otherSetsTables.get();
        List<String> foreign = tables.stream().filter(t -> !known.contains(t)).toList();
        if (!foreign.isEmpty()) {
            throw new MigrationException("refusing to migrate: the database holds tables that " + core.owner()
                    + " migrations did not create (" + String.join(", ", foreign) + ") and has no history of them ("
                    + set.historyTable() + "). If these tables are " + core.owner() + " schema at some version, record "
                    + "that version with stamp VERSION (Migrations.stamp; stamp 0 to start " + core.owner()
                    + " history beside them); nothing was changed");
        }
    }

    private MigrateResult migrateOrExplain(Flyway flyway) {
        try {
            return flyway.migrate();
        } catch (FlywayException e) {
            String stays = Versions.current(flyway.info()).map(v -> "version " + v).orElse("the empty schema");
            throw new MigrationException(core.describe(e) + "; the database stays at " + stays, e);
        }
    }

    /** The dry run's line for the step of a BlogKit version that Java takes after its script, or nothing. */
    private String javaStep(MigrationInfo migration) {
        String version = migration.getVersion().getVersion();
        if (set.application()) {
            return "";
        }
        if (UserKeys.VERSION_7.equals(version) || UserKeys.VERSION_9.equals(version)) {
            return "-- BlogKit computes every user's lookup keys of this version (in Java)\n";
        }
        if (PostSearchTerms.VERSION_10.equals(version)) {
            return "-- BlogKit analyses every post's title and body for search (in Java)\n";
        }
        return "";
    }
}
