package dev.blogkit;

/**
 * An argument broke one of BlogKit's rules (a blank username, a title over 256 characters, page 0, ...).
 * Nothing was written. {@link #field()} names the offending field or parameter.
 */
public class InvalidInputException extends BlogException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field or parameter that was rejected, for example {@code "username"} or {@code "perPage"}. */
    public String field() {
        return field;
    }
}
