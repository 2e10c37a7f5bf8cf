package dev.blogkit.internal.errors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Passwords out of every text BlogKit shows: log lines, messages, reports. */
public final class Masking {

    /**
     * A password in a URL's settings ({@code password=...}), in its user info ({@code //user:password@host}), or in
     * user info that a driver quotes without the URL around it ({@code unknown host user:password@host}, what
     * pgJDBC says of a host it cannot parse): {@code user:password@} at the start of a word.
     */
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s)'\"]*"
            + "|(//[^/:@\\s]+:)[^@/\\s]+(@)"
            + "|((?<![^\\s'\"(\\[])[^/:@\\s'\"()\\[]+:)[^@/\\s]+(@)");

    private Masking() {
    }

    /** The text with every URL password in it replaced by {@code ***}: what BlogKit shows of a URL. */
    public static String mask(String text) {
        if (text == null || (text.indexOf('@') < 0 && !text.toLowerCase(Locale.ROOT).contains("password="))) {
            return text;
        }
        Matcher m = PASSWORD.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) != null ? m.group(1) + "***"
                    : m.group(2) != null ? m.group(2) + "***" + m.group(3) : m.group(4) + "***" + m.group(5);
            m.appendReplacement(masked, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(masked);
        return masked.toString();
    }

    /**
     * The cause itself when no message of its chain holds a password; else a copy of the chain in which every
     * message is masked, each link a {@link MaskedCause} that names the original's class and keeps its stack trace.
     */
    public static Throwable maskCauses(Throwable cause) {
        boolean secret = false;
        for (Throwable t = cause; t != null && !secret; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            secret = message != null && !message.equals(mask(message));
        }
        return secret ? copy(cause, 0) : cause;
    }

    private static Throwable copy(Throwable original, int depth) {
        if (original == null || depth > 32) {
            return null;
        }
        MaskedCause copy = new MaskedCause(original.getClass().getName()
                + (original.getMessage() == null ? "" : ": " + mask(original.getMessage())),
                copy(original.getCause() == original ? null : original.getCause(), depth + 1));
        copy.setStackTrace(original.getStackTrace());
        return copy;
    }

    /** A link of a cause chain whose messages were masked: its message begins with the original's class name. */
    public static final class MaskedCause extends Exception {

        private static final long serialVersionUID = 1L;

        MaskedCause(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
