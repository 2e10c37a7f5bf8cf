package dev.blogkit;

/**
 * The one unchecked type every BlogKit failure extends: catch it to handle anything the library reports.
 *
 * <p>Subtypes say what went wrong with the caller's input ({@link InvalidInputException},
 * {@link DuplicateException}, {@link NotFoundException}) or with the way a returned entity is used
 * ({@link NotLoadedException}); a plain {@code BlogException} reports a database or configuration failure,
 * with the database's own error as its cause. After any exception from a repository call the database holds
 * exactly what it held before the call.
 */
public class BlogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BlogException(String message) {
        super(message);
    }

    public BlogException(String message, Throwable cause) {
        super(message, cause);
    }
}
