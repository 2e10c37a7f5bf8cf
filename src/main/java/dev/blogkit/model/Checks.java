package dev.blogkit.model;

import dev.blogkit.InvalidInputException;

/**
 * The rules every stored user and post obeys. Entities run them before each insert and update (JPA lifecycle
 * callbacks), so no path into the database, the repository's or an application's change consumer, skips them. Two
 * of them are public, for the text a caller looks up or searches with: what "blank" means, and what can be stored.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks a required text: not null, stored exactly (see {@link #optionalText}), and, when {@code allowBlank} is
     * false, not blank: something visible must be left once white space and invisible characters are taken away.
     */
    static void text(String field, String value, int maxLength, boolean allowBlank) {
        if (value == null) {
            throw new InvalidInputException(field, field + " must not be null");
        }
        optionalText(field, value, maxLength);
        if (!allowBlank && !hasVisibleCharacter(value)) {
            throw new InvalidInputException(field, field + " must not be blank (it has no visible character)");
        }
    }

    /**
     * Checks a text that may be null; when present it must be stored exactly as given: no NUL character
     * (PostgreSQL refuses it, so SQLite stores none either), no unpaired surrogate (neither database can store one:
     * it would come back as '?'), and at most {@code maxLength} characters (Unicode code points, as PostgreSQL
     * counts {@code varchar(n)}). One pass over the text.
     */
    static void optionalText(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        int length = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new InvalidInputException(field, field + " must not contain the NUL character");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidInputException(field, field + " must not contain an unpaired surrogate (U+"
                            + String.format("%04X", (int) c) + " at index " + i + "): it cannot be stored as given");
                }
            }
            length++;
        }
        if (length > maxLength) {
            throw new InvalidInputException(field,
                    field + " must be at most " + maxLength + " characters, was " + length);
        }
    }

    /**
     * Whether the text is blank as every field's rule means it (see {@link #hasVisibleCharacter}): nothing visible
     * is left once white space and invisible characters (controls, NUL among them, and format characters) are taken
     * away. The empty string is blank.
     */
    public static boolean isBlank(String value) {
        return !hasVisibleCharacter(value);
    }

    /**
     * Whether both databases can store the text exactly as it is: no NUL character (PostgreSQL refuses it) and no
     * unpaired surrogate (both would store '?'). A lookup of any other text finds nothing.
     */
    public static boolean isStorable(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '\0' || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == n || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * Whether something visible is left once white space (Java's, and Unicode's space, line and paragraph
     * separators, such as U+00A0 and U+2007) and invisible characters (controls such as U+0085, format characters
     * such as U+200B) are taken away.
     */
    static boolean hasVisibleCharacter(String value) {
        for (int i = 0, n = value.length(); i < n; ) {
            int c = value.codePointAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                int type = Character.getType(c);
                if (type != Character.CONTROL && type != Character.FORMAT) {
                    return true;
                }
            }
            i += Character.charCount(c);
        }
        return false;
    }

    /** An email: at most {@code maxLength} characters, exactly one '@' with text on both sides, no white space. */
    static void email(String value, int maxLength) {
        text("email", value, maxLength, false);
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
