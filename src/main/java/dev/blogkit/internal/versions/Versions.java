package dev.blogkit.internal.versions;

import dev.blogkit.migration.MigrationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rules about versions that hold for every set: what a version argument is, which is current, how they are named. */
final class Versions {

    /** The version of the empty schema: what undo takes to undo everything, and stamp to start a history. */
    static final String EMPTY = "0";

    /** The description of the row that marks where a set's history starts (Flyway's baseline). */
    static final String BASELINE_DESCRIPTION = "<< BlogKit baseline >>";

    /**
     * The logger of migrate, undo and stamp: named after the facade, the name applications' logging configurations
     * know.
     */
    static final Logger LOG = LoggerFactory.getLogger("dev.blogkit.migration.Migrations");

    private Versions() {
    }

    /**
     * The versions a migrate to {@code target} (null: the newest) would apply: the one definition of "pending" that
     * migrate, requireUpToDate, validate, check and generate share.
     */
    static List<MigrationInfo> pending(MigrationInfoService info, String target) {
        return Arrays.stream(info.pending()).filter(m -> target == null || !m.getVersion().isNewerThan(target)).toList();
    }

    static String undoScriptName(MigrationInfo migration) {
        String script = migration.getScript();
        return script != null && script.startsWith("V") ? "U" + script.substring(1)
                : "U" + migration.getVersion() + "__" + migration.getDescription().replace(' ', '_') + ".sql";
    }

    static boolean hasScripts(MigrationInfoService info) {
        return Arrays.stream(info.all()).anyMatch(m -> isVersion(m) && m.getState().isResolved());
    }

    static String requireVersionArgument(String version) {
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

    static Optional<String> current(MigrationInfoService info) {
        return Arrays.stream(info.applied())
                .filter(Versions::isVersion)
                .filter(m -> m.getState() == MigrationState.SUCCESS || m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.MISSING_SUCCESS)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion);
    }

    /** A versioned migration, not the baseline marker. */
    static boolean isVersion(MigrationInfo migration) {
        return migration.isVersioned() && migration.getVersion() != null
                && !BASELINE_DESCRIPTION.equals(migration.getDescription())
                && !migration.getVersion().getVersion().equals(EMPTY);
    }

    static String name(MigrationInfo migration) {
        return "V" + migration.getVersion() + " (" + migration.getDescription() + ")";
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return Arrays.stream(message.split("\\R"))
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.matches("-+"))
                .collect(Collectors.joining("; "));
    }

    static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
