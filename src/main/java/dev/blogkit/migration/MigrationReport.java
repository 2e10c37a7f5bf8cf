package dev.blogkit.migration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Migrations#migrate()} or {@link Migrations#undo()} did, or, for a dry run, would do.
 *
 * @param operation {@code "migrate"}, {@code "undo"} or {@code "stamp"}
 * @param fromVersion the version before, empty for the empty schema
 * @param toVersion the version after, empty for the empty schema
 * @param scripts the scripts run (or to run), in order
 * @param duration how long it took
 * @param backupFile the copy of the database saved before an undo, if one was saved
 * @param dryRun true if nothing was run
 * @param sql for a dry run, the SQL that would run, in order; empty otherwise
 */
public record MigrationReport(String operation, Optional<String> fromVersion, Optional<String> toVersion,
        List<String> scripts, Duration duration, Optional<Path> backupFile, boolean dryRun, String sql) {

    public MigrationReport {
        scripts = List.copyOf(scripts);
    }

    /** One line for people: what changed, from which version to which. */
    public String summary() {
        String from = fromVersion.map(v -> "version " + v).orElse("the empty schema");
        String to = toVersion.map(v -> "version " + v).orElse("the empty schema");
        if (operation.equals("stamp")) {
            return "stamped the database at " + to + (scripts.isEmpty() ? "" : ": recorded "
                    + String.join(", ", scripts) + " as applied, without running them");
        }
        if (scripts.isEmpty()) {
            return "nothing to " + operation + ": the database is at " + from;
        }
        String verb = dryRun ? "would " + operation : operation.equals("undo") ? "undid" : "migrated";
        return verb + " " + from + " to " + to + ": " + String.join(", ", scripts)
                + (dryRun ? "" : " (" + duration.toMillis() + " ms)");
    }
}
