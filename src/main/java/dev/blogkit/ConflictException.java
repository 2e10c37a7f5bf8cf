package dev.blogkit;

/**
 * A versioned write found the row at another version than the caller expected: someone changed it since the
 * caller read it. Nothing was written. Read the row again, show the editor what changed, and retry with
 * {@link #currentVersion()} if they still want their change.
 */
public class ConflictException extends BlogException {

    private static final long serialVersionUID = 1L;

    private final long currentVersion;

    public ConflictException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    /** The row's version now, which the caller's expected version no longer matches. */
    public long currentVersion() {
        return currentVersion;
    }
}
