package dev.blogkit;

/**
 * A unique value is already taken: a username or email by another user, a slug by another post (now or before:
 * a post's old slugs stay its own). Nothing was written. {@link #field()} is {@code "username"}, {@code "email"} or
 * {@code "slug"}.
 */
public class DuplicateException extends BlogException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public DuplicateException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The unique field whose value is taken: {@code "username"}, {@code "email"} or {@code "slug"}. */
    public String field() {
        return field;
    }
}
