package dev.blogkit.internal.versions;

import dev.blogkit.InvalidInputException;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.MigrationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Several sets migrated as one: all of them, or none (what Blog.open and the CLI's migrate do with BlogKit's and the application's). */
public final class MigrateAll {

    private MigrateAll() {
    }

    /**
     * Migrates every set in order (BlogKit's, then the application's, as Blog.open does), all or nothing:
     * every set's scripts are found before anything changes, and when a set fails, the sets migrated before it
     * are undone to the versions they had (a database file the call created is removed instead), so that the
     * database is as it was. {@code targetOfLast} (or null for the newest) is a version of the last set.
     *
     * @return one report per set, in order
     * @throws MigrationException if a set has no scripts, a version is unknown, or a migration fails
     */
    public static List<MigrationReport> run(List<VersionedSet> sets, String targetOfLast) {
        if (sets != null && sets.size() == 1) {
            // one set's migrate checks everything read-only first, and takes back what a failure began
            return List.of(targetOfLast == null ? sets.get(0).migrate() : sets.get(0).migrate(targetOfLast));
        }
        return apply(sets, targetOfLast).reports();
    }

    /**
     * What {@link #run} did, for a caller whose next step may fail (copy): {@link #takeBack} then leaves the
     * database as it was before the run, history tables included.
     */
    public record Applied(List<VersionedSet> sets, List<MigrationReport> reports, List<Optional<String>> before,
                          List<Boolean> hadHistory) {

        /**
         * Undoes, newest first, every set the run migrated to the version it had, and drops each history table the
         * run created; returns what was undone ("BlogKit's migrations", ...). A failure of the undo is added to
         * {@code failure} as suppressed and thrown as a MigrationException that says so.
         */
        public List<String> takeBack(RuntimeException failure) {
            List<String> undone = new ArrayList<>();
            for (int i = reports.size() - 1; i >= 0; i--) {
                if (!reports.get(i).dryRun() && !reports.get(i).scripts().isEmpty()) {
                    try {
                        sets.get(i).undoTo(before.get(i).orElse(Versions.EMPTY), false);
                        if (!hadHistory.get(i)) {
                            sets.get(i).dropHistoryTable(failure);
                        }
                        undone.add(sets.get(i).owner() + " migrations");
                    } catch (RuntimeException undoFailure) {
                        failure.addSuppressed(undoFailure);
                        throw withOutcome(failure, "undoing " + sets.get(i).owner() + " migrations applied before it "
                                + "failed too: " + undoFailure.getMessage());
                    }
                }
            }
            return undone;
        }
    }

    /** {@link #run}, returning what it did so that it can be taken back. */
    public static Applied apply(List<VersionedSet> sets, String targetOfLast) {
        if (sets == null || sets.isEmpty()) {
            throw new InvalidInputException("sets", "at least one migration set is required");
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
        Optional<Path> file = sets.get(0).config().databaseFile();
        boolean newFile = file.map(Files::notExists).orElse(false);
        List<MigrationReport> reports = new ArrayList<>();
        try {
            for (VersionedSet set : sets) {
                boolean last = reports.size() == sets.size() - 1;
                reports.add(last && targetOfLast != null ? set.migrate(targetOfLast) : set.migrate());
            }
            return new Applied(List.copyOf(sets), List.copyOf(reports), List.copyOf(before), List.copyOf(hadHistory));
        } catch (RuntimeException e) {
            if (newFile && !sets.get(0).isDryRun()) {
                sets.get(0).removeCreatedFile(e);
                throw withOutcome(e, "the database file this migrate created was removed");
            }
            List<String> undone = new Applied(sets, reports, before, hadHistory).takeBack(e);
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
}
