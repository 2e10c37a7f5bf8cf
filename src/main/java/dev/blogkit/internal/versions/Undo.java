package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.MigrationReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;

/**
 * Undo, what Flyway's free edition lacks: the undo scripts of the newest applied versions, newest first, in one
 * transaction with the removal of their history rows, so that a failure or a killed process leaves the database at
 * the version it was at. Planned read-only first (a refusal changes nothing), planned again under the lock, then
 * walked once through a {@link SqlTarget}: run on the database, or printed for a dry run, the same statements in
 * the same order.
 */
final class Undo {

    private static final Logger log = Versions.LOG;

    private final BlogConfig config;
    private final MigrationSet set;
    private final SetFlyway flyway;
    private final boolean dryRun;

    Undo(BlogConfig config, MigrationSet set, SetFlyway flyway, boolean dryRun) {
        this.config = config;
        this.set = set;
        this.flyway = flyway;
        this.dryRun = dryRun;
    }

    /** One version's undo: its script's statements. */
    private record UndoStep(MigrationInfo migration, String script, List<String> statements) {
    }

    /** The versions an undo takes back, newest first, from the version it starts at to the one it ends at. */
    private record UndoPlan(Optional<String> from, Optional<String> to, List<UndoStep> steps) {

        List<String> scripts() {
            return steps.stream().map(UndoStep::script).toList();
        }
    }

    /**
     * Undoes the applied versions {@code chooseNewestFirst} picks from the applied ones (newest first); with
     * {@code saveCopy}, an SQLite file is copied first, inside the undo's transaction.
     */
    MigrationReport where(boolean saveCopy, Function<List<MigrationInfo>, List<MigrationInfo>> chooseNewestFirst) {
        long start = System.nanoTime();
        if (config.databaseFile().map(java.nio.file.Files::notExists).orElse(false)) {
            throw new MigrationException("the database file " + config.databaseFile().get() + " does not exist: "
                    + "nothing to undo");
        }
        // planned read-only first: a refusal (too many steps, no undo script, changed scripts) changes nothing
        UndoPlan plan = flyway.withFlyway(true, null, f -> plan(f, chooseNewestFirst));
        if (plan.steps().isEmpty()) {
            return report(plan.from(), plan.from(), List.of(), start, Optional.empty(), dryRun, "");
        }
        if (dryRun) {
            StringBuilder sql = new StringBuilder();
            Optional<Path> copy = config.databaseFile().filter(file -> saveCopy)
                    .map(file -> SqliteFile.backupFile(file, plan.from().orElseThrow(), config.clock()));
            try {
                walk(plan, copy, SqlTarget.print(sql));
            } catch (SQLException e) {
                throw new IllegalStateException("printing SQL does not fail", e);
            }
            return report(plan.from(), plan.to(), plan.scripts(), start, copy, true, sql.toString());
        }
        return flyway.withFlyway(false, null, f -> {
            try (MigrationLock lock = flyway.lock(f.getConfiguration().getDataSource())) {
                // planned again under the lock: another process may have migrated or undone in between
                UndoPlan locked = plan(f, chooseNewestFirst);
                if (locked.steps().isEmpty()) {
                    return report(locked.from(), locked.from(), List.of(), start, Optional.empty(), false, "");
                }
                Optional<Path> copy = config.databaseFile().filter(file -> saveCopy)
                        .map(file -> SqliteFile.backupFile(file, locked.from().orElseThrow(), config.clock()));
                run(f.getConfiguration().getDataSource(), locked, copy);
                log.info("undid {} from {} to {}: {}; backup {}", config.displayUrl(), locked.from().orElse(Versions.EMPTY),
                        locked.to().orElse(Versions.EMPTY), locked.scripts(), copy.orElse(null));
                return report(locked.from(), locked.to(), locked.scripts(), start, copy, false, "");
            }
        });
    }

    private static MigrationReport report(Optional<String> from, Optional<String> to, List<String> scripts, long start,
                                          Optional<Path> copy, boolean dryRun, String sql) {
        return new MigrationReport("undo", from, to, scripts, Versions.elapsed(start), copy, dryRun, sql);
    }

    private UndoPlan plan(Flyway f, Function<List<MigrationInfo>, List<MigrationInfo>> chooseNewestFirst) {
        MigrationInfoService info = flyway.requireScripts(f.info());
        List<String> problems = flyway.checksumProblems(f);
        if (!problems.isEmpty()) {
            throw new MigrationException("refusing to undo: the database's applied migrations differ from "
                    + flyway.owner() + " scripts: " + String.join("; ", problems));
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
            String script = flyway.findUndoScript(migration).orElseThrow(() -> new MigrationException(
                    "cannot undo " + Versions.name(migration) + ": there is no undo script "
                            + Versions.undoScriptName(migration) + "; nothing was changed"));
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
    private void run(javax.sql.DataSource dataSource, UndoPlan plan, Optional<Path> backup) {
        String copy = backup.map(file -> "; the copy taken before the undo is " + file).orElse("");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             // a reader of its own sees what is committed, and nobody else can commit while this one holds the lock
             Connection reader = backup.isPresent() ? SetConnections.readOnly(config).getConnection() : null) {
            Walk walk = new Walk();
            try {
                walk(plan, backup, SqlTarget.run(connection, statement, reader), walk);
            } catch (SQLException e) {
                if (!walk.begun) {
                    throw e;
                }
                statement.execute("ROLLBACK");
                String stays = "; the database stays at version " + plan.from().orElse(Versions.EMPTY);
                if (walk.running == null) {
                    throw new MigrationException("undo failed before it changed anything: cannot save the copy "
                            + backup.orElseThrow() + ": " + e.getMessage() + stays, e);
                }
                throw new MigrationException("undo of " + Versions.name(walk.running.migration()) + " failed in "
                        + walk.running.script() + ": " + e.getMessage() + stays + copy, e);
            }
        } catch (SQLException e) {
            throw new MigrationException("undo failed before it changed anything: " + e.getMessage(), e);
        }
    }

    /** Where a walk is: whether its transaction began, and the step it runs (null before the first). */
    private static final class Walk {
        private boolean begun;
        private UndoStep running;
    }

    private void walk(UndoPlan plan, Optional<Path> backup, SqlTarget target) throws SQLException {
        walk(plan, backup, target, new Walk());
    }

    /** The undo, statement by statement, into the target: begin, the copy, each step and its history row, commit. */
    private void walk(UndoPlan plan, Optional<Path> backup, SqlTarget target, Walk walk) throws SQLException {
        // SQLite's write transactions take the write lock at once; PostgreSQL locks row by row
        target.execute(config.kind() == DatabaseKind.SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
        walk.begun = true;
        if (backup.isPresent()) {
            target.saveCopy(backup.get());
        }
        for (UndoStep step : plan.steps()) {
            walk.running = step;
            target.comment("undo " + Versions.name(step.migration()) + " (" + step.script() + ")");
            for (String sql : step.statements()) {
                target.execute(sql);
            }
            if (!set.application() && UserKeys.VERSION_9.equals(step.migration().getVersion().getVersion())) {
                target.javaStep("computes every user's lookup keys of version 8", UserKeys::undoVersion9);
            }
            if (config.kind() == DatabaseKind.SQLITE) {
                target.checkForeignKeys();
            }
            // a version is digits and dots (Flyway's MigrationVersion), never a quote
            target.execute("DELETE FROM " + set.historyTable() + " WHERE version = '"
                    + step.migration().getVersion().getVersion() + "'");
        }
        target.execute("COMMIT");
    }
}
