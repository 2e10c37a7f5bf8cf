package dev.blogkit.migration;

import dev.blogkit.BlogException;

/**
 * A migration, undo or check could not be done. The message names the version or script and the database's
 * error; the database is at a consistent version: the one before the failed step.
 */
public class MigrationException extends BlogException {

    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
