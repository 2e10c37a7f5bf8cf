package dev.blogkit;

/**
 * A write whose outcome BlogKit cannot know: the connection to the database was lost while the database was
 * committing (during COMMIT, or its equivalent), so the change may have been applied, or may not. This is the one
 * failure that does not keep the promise that the database holds what it held before the call: read back what the
 * call would have written (by a natural key such as a username, a title, or an id the application chose) before
 * retrying it, so that a retry does not write it twice.
 */
public class OutcomeUnknownException extends BlogException {

    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
