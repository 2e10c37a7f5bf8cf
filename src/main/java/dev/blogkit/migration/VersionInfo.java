package dev.blogkit.migration;

import java.time.Instant;
import java.util.Optional;

/**
 * One version in {@link Migrations#history()}.
 *
 * @param version the version, for example {@code "2"}
 * @param description what it does, for example {@code "add user bio"}
 * @param state whether it is applied
 * @param appliedAt when it was applied, if it was
 * @param script the script's file name, for example {@code V2__add_user_bio.sql}
 * @param undoable whether an undo script ships for it
 */
public record VersionInfo(String version, String description, State state, Optional<Instant> appliedAt,
        String script, boolean undoable) {

    /** Where a version stands in the database. */
    public enum State {
        /** Applied, and its script is the one shipped. */
        APPLIED,
        /** Shipped, not applied yet. */
        PENDING,
        /** Recorded as failed: the database needs a person's attention. */
        FAILED,
        /** Recorded as applied, but this BlogKit does not ship its script (the database is newer). */
        APPLIED_WITHOUT_SCRIPT
    }
}
