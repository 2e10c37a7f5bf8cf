package dev.blogkit.model;

import dev.blogkit.InvalidInputException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * URL-safe slugs, for posts ({@link Post#getSlug()}) and tags ({@link Tag#getSlug()}).
 *
 * <p>A slug is one or more words joined by single hyphens, each word made of lower-case letters and digits: ASCII
 * {@code a-z 0-9}, and letters that have no ASCII form (such as {@code 日本} or {@code ж}) in lower case. No
 * upper-case letter, no white space, no other punctuation, no leading, trailing or doubled hyphen. Such a slug
 * needs no escaping in a URL path segment other than the percent-encoding of its non-ASCII letters. A slug is
 * canonical: what {@link #fromText} makes of it, so that a letter with an ASCII form ({@code é}, {@code ß},
 * {@code ａ}) is never part of one, and two slugs never look alike.
 */
public final class Slugs {

    /** Letters that Unicode does not decompose into an ASCII letter and a mark, with their usual ASCII form. */
    private static final Map<Integer, String> ASCII_FORMS = Map.ofEntries(
            Map.entry((int) 'ß', "ss"), Map.entry((int) 'æ', "ae"), Map.entry((int) 'œ', "oe"),
            Map.entry((int) 'ø', "o"), Map.entry((int) 'đ', "d"), Map.entry((int) 'ð', "d"),
            Map.entry((int) 'ħ', "h"), Map.entry((int) 'ı', "i"), Map.entry((int) 'ł', "l"),
            Map.entry((int) 'þ', "th"), Map.entry((int) 'ŧ', "t"), Map.entry((int) 'ĸ', "k"),
            Map.entry((int) 'ŋ', "n"), Map.entry((int) 'ſ', "s"));

    private Slugs() {
    }

    /**
     * The slug of a text, as BlogKit derives it from a post's title or a tag's name: lower case, letters folded to
     * ASCII where they have an ASCII form ({@code é} to {@code e}, {@code ß} to {@code ss}), every run of other
     * characters (spaces, punctuation, symbols) turned into one hyphen, and hyphens trimmed from both ends; cut at
     * a word boundary to at most {@code maxLength} characters.
     *
     * @return the slug, or the empty string when the text has no letter or digit
     */
    public static String fromText(String text, int maxLength) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder(lower.length());
        boolean hyphen = false;
        for (int i = 0; i < lower.length(); ) {
            int c = lower.codePointAt(i);
            i += Character.charCount(c);
            String ascii = c < 128 ? Character.toString(c) : asciiForm(c);
            if (ascii != null) {
                for (int k = 0; k < ascii.length(); k++) {
                    char a = ascii.charAt(k);
                    if (Character.isLetterOrDigit(a)) {
                        hyphen = appendWord(slug, hyphen, Character.toString(Character.toLowerCase(a)));
                    } else {
                        hyphen = slug.length() > 0;
                    }
                }
            } else if (Character.isLetterOrDigit(c) && !Character.isUpperCase(c) && !Character.isTitleCase(c)) {
                hyphen = appendWord(slug, hyphen, Character.toString(c));
            } else if (isMarkOrInvisible(c)) {
                continue; // marks of letters kept as they are, and zero-width characters, join what they stand in
            } else {
                hyphen = slug.length() > 0;
            }
        }
        return cut(slug.toString(), maxLength);
    }

    /**
     * The ASCII form of a letter or digit that has one: its compatibility decomposition without its marks
     * ({@code é} is {@code e} and an accent, {@code ２} is {@code 2}), or the usual transliteration of the letters
     * that do not decompose ({@code ß}, {@code æ}, {@code ø}, ...); null when it has none ({@code ж}, {@code ブ}).
     */
    private static String asciiForm(int c) {
        String known = ASCII_FORMS.get(c);
        if (known != null) {
            return known;
        }
        if (!Character.isLetterOrDigit(c)) {
            return null;
        }
        String decomposed = Normalizer.normalize(Character.toString(c), Normalizer.Form.NFKD);
        StringBuilder ascii = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char d = decomposed.charAt(i);
            if (d < 128) {
                ascii.append(d);
            } else if (!isMarkOrInvisible(d)) {
                return null;
            }
        }
        return ascii.length() == 0 ? null : ascii.toString();
    }

    private static boolean isMarkOrInvisible(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.FORMAT;
    }

    private static boolean appendWord(StringBuilder slug, boolean hyphen, String letters) {
        if (hyphen) {
            slug.append('-');
        }
        slug.append(letters);
        return false;
    }

    /** The slug cut to at most {@code maxLength} characters, at the last hyphen that keeps it within. */
    static String cut(String slug, int maxLength) {
        if (slug.codePointCount(0, slug.length()) <= maxLength) {
            return slug;
        }
        String head = slug.substring(0, slug.offsetByCodePoints(0, maxLength));
        int lastHyphen = head.lastIndexOf('-');
        if (slug.charAt(head.length()) == '-') {
            return head;
        }
        return lastHyphen > 0 ? head.substring(0, lastHyphen) : head;
    }

    /**
     * Whether {@code value} is a slug of at most {@code maxLength} characters (see the class comment) in its
     * canonical form: exactly what {@link #fromText} derives from it. So no letter that has an ASCII form
     * ({@code café}, {@code straße}, full-width {@code ａｂｃ}, the ligature {@code ﬁ}, a letter and a combining
     * mark) is a slug: two slugs never look alike, and a slug a caller gives is one BlogKit could have made.
     */
    public static boolean isSlug(String value, int maxLength) {
        return isWellFormed(value, maxLength) && fromText(value, maxLength).equals(value);
    }

    /**
     * Whether {@code value} has a slug's shape (words of lower-case letters and digits joined by single hyphens, at
     * most {@code maxLength} characters), canonical or not: the rule a slug stored before slugs had to be canonical
     * obeys. Such a slug keeps finding its post; a new one must be {@link #isSlug canonical}.
     */
    static boolean isWellFormed(String value, int maxLength) {
        if (value == null || value.isEmpty() || value.codePointCount(0, value.length()) > maxLength) {
            return false;
        }
        boolean afterHyphen = true;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (c == '-') {
                if (afterHyphen) {
                    return false;
                }
                afterHyphen = true;
            } else if ((c < 128 && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9'))
                    || (c >= 128 && Character.isLetterOrDigit(c) && !Character.isUpperCase(c)
                    && !Character.isTitleCase(c))) {
                afterHyphen = false;
            } else {
                return false;
            }
        }
        return !afterHyphen;
    }

    /**
     * Checks a slug that a caller gives.
     *
     * @throws InvalidInputException (naming {@code field}) if it is null or not a slug of at most
     *     {@code maxLength} characters
     */
    static void check(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidInputException(field, field + " must not be null");
        }
        if (!isSlug(value, maxLength)) {
            String canonical = fromText(value, maxLength);
            throw new InvalidInputException(field, field + " must be 1 to " + maxLength + " characters of lower-case "
                    + "letters and digits in words joined by single hyphens (such as 'my-first-post'), with no letter "
                    + "that has an ASCII form, was '" + printable(value) + "'"
                    + (canonical.isEmpty() ? "" : " (BlogKit's slug of it: '" + printable(canonical) + "')"));
        }
    }

    /**
     * Checks a slug that is already stored, or one of its old forms: well-formed ({@link #isWellFormed}), canonical
     * or not.
     *
     * @throws InvalidInputException (naming {@code field}) if it is null or not well-formed
     */
    static void checkStored(String field, String value, int maxLength) {
        if (!isWellFormed(value, maxLength)) {
            check(field, value, maxLength);
        }
    }

    /** The value for a message: at most 80 characters, control characters escaped. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? out + "..." : out.toString();
    }
}
