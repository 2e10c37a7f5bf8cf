package dev.blogkit;

/**
 * A unique value is already taken by another user. Nothing was written.
 * {@link #field()} is {@code "username"} or {@code "email"}.
 */
public class DuplicateException extends BlogException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public DuplicateException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The unique field whose value is taken: {@code "username"} or {@code "email"}. */
    public String field() {
        return field;
    }
}
