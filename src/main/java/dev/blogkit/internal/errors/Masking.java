package dev.blogkit.internal.errors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Passwords out of every text BlogKit shows: log lines, messages, reports. */
public final class Masking {

    /** A password in a URL's settings ({@code password=...}) or in its user info ({@code //user:password@host}). */
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s)'\"]*|(//[^/:@\\s]+:)[^@/\\s]+(@)");

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
            m.appendReplacement(masked, Matcher.quoteReplacement(m.group(1) != null ? m.group(1) + "***"
                    : m.group(2) + "***" + m.group(3)));
        }
        m.appendTail(masked);
        return masked.toString();
    }

}
