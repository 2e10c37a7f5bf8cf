package dev.blogkit.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A search hit's snippet, made by BlogKit from the post's own text with the analysis that indexed it
 * ({@link SearchText}), so that it is the same on every database: a passage of up to {@value #WORDS} words of the
 * body, from a few words before its first matched word, or of the title when the searched part of the body holds
 * none. Every word whose term a query term matches is marked, whatever its accents, case or the markup around it;
 * the text is HTML-escaped, and {@code <mark>} tags are the only markup in it.
 */
public final class Snippets {

    /** The words of a snippet. */
    public static final int WORDS = 16;
    /** Words shown before the first matched one. */
    private static final int LEAD = 4;

    private Snippets() {
    }

    /**
     * Which analysed terms a snippet marks: a term equal to one of {@code exact}, or starting with one of
     * {@code prefixes}.
     */
    public record Matcher(Set<String> exact, List<String> prefixes) {

        public Matcher {
            exact = Set.copyOf(exact);
            prefixes = List.copyOf(prefixes);
        }

        boolean matches(String term) {
            if (exact.contains(term)) {
                return true;
            }
            for (String prefix : prefixes) {
                if (term.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The snippet of a post: of the body's first {@code searchedLength} characters if they match, else the title. */
    public static String of(String title, String body, int searchedLength, Matcher matcher) {
        String snippet = passage(body, searchedLength, SearchText.MAX_BODY_TERMS, matcher, true);
        return snippet != null ? snippet : passage(title, Integer.MAX_VALUE, Integer.MAX_VALUE, matcher, false);
    }

    /** The passage around the first match, or null if {@code onlyIfMatched} and no word matches. */
    private static String passage(String text, int searchedLength, int maxWords, Matcher matcher,
                                  boolean onlyIfMatched) {
        List<int[]> words = new ArrayList<>(); // start, end, matched (1) or not (0), one per word of the text
        int[] firstMatch = {-1};
        SearchText.words(text, searchedLength, true, word -> {
            int[] last = words.isEmpty() ? null : words.get(words.size() - 1);
            boolean matched = matcher.matches(word.term());
            if (last != null && last[0] == word.start()) {
                // a word that folding split: one word of the text, matched if any part is
                last[2] |= matched ? 1 : 0;
            } else {
                if (words.size() >= maxWords && firstMatch[0] < 0) {
                    return false;
                }
                words.add(new int[] {word.start(), word.end(), matched ? 1 : 0});
            }
            if (matched && firstMatch[0] < 0) {
                firstMatch[0] = words.size() - 1;
            }
            int from = Math.max(0, firstMatch[0] - LEAD);
            return firstMatch[0] < 0 || words.size() <= from + WORDS;
        });
        if (firstMatch[0] < 0 && onlyIfMatched) {
            return null;
        }
        if (words.isEmpty()) {
            return escaped(text, 0, Math.min(text.length(), 200), new StringBuilder()).toString();
        }
        int from = Math.max(0, firstMatch[0] - LEAD);
        int to = Math.min(words.size(), from + WORDS);
        StringBuilder html = new StringBuilder(128);
        if (from > 0) {
            html.append('…');
        }
        int at = words.get(from)[0];
        for (int w = from; w < to; w++) {
            int[] word = words.get(w);
            escaped(text, at, word[0], html);
            if (word[2] == 1) {
                escaped(text, word[0], word[1], html.append("<mark>")).append("</mark>");
            } else {
                escaped(text, word[0], word[1], html);
            }
            at = word[1];
        }
        if (to < words.size() || hasWordAfter(text, at)) {
            html.append('…');
        }
        return html.toString();
    }

    private static boolean hasWordAfter(String text, int from) {
        for (int i = from; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (SearchText.isWordCharacter(codePoint)) {
                return true;
            }
            i += Character.charCount(codePoint);
        }
        return false;
    }

    /** Appends {@code text[from, to)}, HTML-escaped. */
    private static StringBuilder escaped(String text, int from, int to, StringBuilder html) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html;
    }
}
