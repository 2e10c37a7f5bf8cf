package dev.blogkit.model;

import dev.blogkit.InvalidInputException;

/**
 * The rules every stored user and post obeys. Entities run them before each insert and update (JPA lifecycle
 * callbacks), so no path into the database, the repository's or an application's change consumer, skips them.
 */
final class Checks {

    private Checks() {
    }

    /**
     * Checks a required text: not null, no NUL character (PostgreSQL refuses it, so SQLite stores none either),
     * at most {@code maxLength} characters (Unicode code points, as PostgreSQL counts {@code varchar(n)}), and,
     * when {@code allowBlank} is false, at least one character that is not white space.
     */
    static void text(String field, String value, int maxLength, boolean allowBlank) {
        if (value == null) {
            throw new InvalidInputException(field, field + " must not be null");
        }
        optionalText(field, value, maxLength);
        if (!allowBlank && value.isBlank()) {
            throw new InvalidInputException(field, field + " must not be blank");
        }
    }

    /** Checks a text that may be null; when present it obeys the same length and NUL rules as a required one. */
    static void optionalText(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, field + " must not contain the NUL character");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw new InvalidInputException(field,
                    field + " must be at most " + maxLength + " characters, was " + length);
        }
    }

    /** An email: at most 128 characters, exactly one '@' with text on both sides, no white space. */
    static void email(String value) {
        text("email", value, User.EMAIL_MAX_LENGTH, false);
        int at = value.indexOf('@');
        if (at <= 0 || at == value.length() - 1 || value.indexOf('@', at + 1) >= 0) {
            throw new InvalidInputException("email",
                    "email must contain exactly one '@' with text on both sides, was '" + value + "'");
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException("email", "email must not contain white space, was '" + value + "'");
        }
    }
}
