package dev.blogkit;

import dev.blogkit.internal.errors.Masking;

/**
 * The one unchecked type every BlogKit failure extends: catch it to handle anything the library reports.
 *
 * <p>Subtypes say what went wrong with the caller's input ({@link InvalidInputException},
 * {@link DuplicateException}, {@link NotFoundException}) or with the way a returned entity is used
 * ({@link NotLoadedException}); a plain {@code BlogException} reports a database or configuration failure,
 * with the database's own error as its cause. After any exception from a repository call the database holds
 * exactly what it held before the call.
 *
 * <p>A message never shows a password: one that a URL in it carries ({@code password=...} or
 * {@code //user:password@host}), or user info a driver quotes ({@code user:password@host}), BlogKit's own text or a
 * driver's, is masked as {@code ***}. So are the messages of the causes: a cause whose chain holds a password is
 * given as a copy of that chain (each link's class name, masked message and stack trace), so that a logged stack
 * trace shows none either.
 */
public class BlogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BlogException(String message) {
        super(Masking.mask(message));
    }

    public BlogException(String message, Throwable cause) {
        super(Masking.mask(message), Masking.maskCauses(cause));
    }
}
