package dev.blogkit.internal.versions;

import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.MigrationReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.slf4j.Logger;

/**
 * Stamp (Alembic's {@code stamp}, Flyway's {@code baseline}): records that a database made by other means is at a
 * version, after comparing its tables with the tables that version creates, built elsewhere by the caller.
 */
final class Stamp {

    private static final Logger log = Versions.LOG;

    private final MigrationSet set;
    private final SetFlyway flyway;
    private final boolean dryRun;
    /** How the database's tables differ from those the versions up to a version create. */
    private final BiFunction<String, List<MigrationInfo>, List<String>> differencesFromVersion;

    Stamp(MigrationSet set, SetFlyway flyway, boolean dryRun,
          BiFunction<String, List<MigrationInfo>, List<String>> differencesFromVersion) {
        this.set = set;
        this.flyway = flyway;
        this.dryRun = dryRun;
        this.differencesFromVersion = differencesFromVersion;
    }

    MigrationReport stamp(String version) {
        long start = System.nanoTime();
        String target = Versions.requireVersionArgument(version);
        List<MigrationInfo> recorded = flyway.withFlyway(true, null, f -> {
            MigrationInfoService info = flyway.requireScripts(f.info());
            if (!target.equals(Versions.EMPTY)) {
                flyway.requireKnownVersion(info, target);
            }
            if (info.applied().length > 0) {
                throw new MigrationException("refusing to stamp: the database has a history of " + flyway.owner()
                        + " migrations already (" + set.historyTable() + ", at " + Versions.current(info)
                        .map(v -> "version " + v).orElse("the empty schema") + "): use migrate or undo; nothing was changed");
            }
            return Arrays.stream(info.all()).filter(Versions::isVersion)
                    .filter(m -> m.getState().isResolved())
                    .filter(m -> !target.equals(Versions.EMPTY) && !m.getVersion().isNewerThan(target))
                    .sorted(Comparator.comparing(MigrationInfo::getVersion)).toList();
        });
        List<String> differences = recorded.isEmpty() ? List.of() : differencesFromVersion.apply(target, recorded);
        if (!differences.isEmpty()) {
            throw new MigrationException("refusing to stamp version " + target + ": the database's schema differs from "
                    + "version " + target + "'s: " + String.join("; ", differences) + "; nothing was changed");
        }
        List<String> scripts = recorded.stream().map(MigrationInfo::getScript).toList();
        if (dryRun) {
            return new MigrationReport("stamp", Optional.empty(), Optional.of(target).filter(v -> !v.equals(Versions.EMPTY)),
                    scripts, Versions.elapsed(start), Optional.empty(), true, "-- BlogKit records versions " + scripts + " in "
                    + set.historyTable() + " without running them\n");
        }
        return flyway.withFlyway(false, null, f -> {
            try (MigrationLock lock = flyway.lock(f.getConfiguration().getDataSource())) {
                if (f.info().applied().length > 0) {
                    throw new MigrationException("refusing to stamp: another process started the history of " + flyway.owner()
                            + " migrations meanwhile; nothing was changed");
                }
                try {
                    f.baseline();
                    recordApplied(f.getConfiguration().getDataSource(), recorded);
                } catch (RuntimeException e) {
                    flyway.dropHistoryTable(f.getConfiguration().getDataSource(), e);
                    throw e;
                }
                log.info("stamped {} at {}: {}", set.historyTable(), target, scripts);
                return new MigrationReport("stamp", Optional.empty(), Optional.of(target).filter(v -> !v.equals(Versions.EMPTY)),
                        scripts, Versions.elapsed(start), Optional.empty(), false, "");
            }
        });
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
}
