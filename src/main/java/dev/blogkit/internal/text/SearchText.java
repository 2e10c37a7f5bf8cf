package dev.blogkit.internal.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tartarus.snowball.ext.PorterStemmer;

/**
 * Search's one text analysis, the same for every database because BlogKit does it before any engine sees the text:
 * the engines are given terms they keep as they are (FTS5's {@code ascii} tokenizer, a tsvector cast on
 * PostgreSQL), and queries are analysed by the same rules.
 *
 * <ol>
 *   <li><b>Words</b>: runs of letters, digits and combining marks (ICU's character properties, the same on every
 *       JVM); every other character separates words. Each Han ideograph, Hiragana and Katakana character (with the
 *       marks that follow it) is a word of its own, since those scripts put no space between words.</li>
 *   <li><b>Folding</b>: Unicode's {@code NFKC_Casefold} (case, compatibility forms such as full-width letters,
 *       final sigma as σ, Georgian capitals as their small letters), then the diacritics of the combining
 *       diacritical marks blocks are removed, precomposed or combining alike ({@code é} and {@code e\u0301} are
 *       {@code e}; {@code й} is {@code и}). What folding makes of a word is split again by rule 1.</li>
 *   <li><b>Stemming</b>: a word of three or more letters a to z (after folding) is stemmed with the Porter
 *       algorithm (Snowball's {@code porter}); every other word is kept whole (short words, words with digits such
 *       as {@code mp3s}, other alphabets).</li>
 *   <li><b>Bounds</b>, so that every database can hold the index of any post: a word keeps its first
 *       {@value #MAX_TERM_LENGTH} code points; the title gives at most {@value #MAX_TITLE_TERMS} words, the body at
 *       most {@value #MAX_BODY_TERMS} (of its first {@code Post.SEARCHED_BODY_LENGTH} characters) whose distinct
 *       words hold at most {@value #MAX_BODY_TERM_BYTES} bytes; a word found more than {@value #MAX_OCCURRENCES}
 *       times in the title, or in the body, is indexed for its first {@value #MAX_OCCURRENCES} (PostgreSQL keeps
 *       255 positions of a word per post, and 16,383 positions in all).</li>
 * </ol>
 */
public final class SearchText {

    /** Code points a word keeps; the rest of a longer word is not indexed. */
    public static final int MAX_TERM_LENGTH = 64;
    /** Words of a title that are indexed. */
    public static final int MAX_TITLE_TERMS = 1_024;
    /** Words of a body that are indexed. */
    public static final int MAX_BODY_TERMS = 15_000;
    /** The UTF-8 bytes of a body's distinct indexed words. */
    public static final int MAX_BODY_TERM_BYTES = 700_000;
    /** Occurrences of one word indexed in a title, and in a body. */
    public static final int MAX_OCCURRENCES = 127;
    /**
     * What an occurrence past {@link #MAX_OCCURRENCES} is indexed as, so that the words after it keep their
     * positions: a private-use character, which no analysed word ever contains.
     */
    public static final String FILLER = "\uE000";

    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    private static final ThreadLocal<PorterStemmer> STEMMER = ThreadLocal.withInitial(PorterStemmer::new);

    private SearchText() {
    }

    /** One word of a text: its analysed term and where it stands in the text ({@code [start, end)}, chars). */
    public record Word(String term, int start, int end) {
    }

    /** Receives the words of a text in order; returns false to stop. */
    @FunctionalInterface
    public interface WordSink {
        boolean accept(Word word);
    }

    /** The analysed title, as the index holds it: its terms, separated by spaces. */
    public static String indexedTitle(String title) {
        return indexed(title, Integer.MAX_VALUE, MAX_TITLE_TERMS, Integer.MAX_VALUE);
    }

    /** The analysed body, as the index holds it (of its first {@code searchedLength} characters). */
    public static String indexedBody(String body, int searchedLength) {
        return indexed(body, searchedLength, MAX_BODY_TERMS, MAX_BODY_TERM_BYTES);
    }

    private static String indexed(String text, int searchedLength, int maxTerms, int maxTermBytes) {
        StringBuilder indexed = new StringBuilder(Math.min(text.length(), searchedLength) + 16);
        Map<String, int[]> occurrences = new HashMap<>();
        int[] terms = {0};
        int[] termBytes = {0};
        words(text, searchedLength, true, word -> {
            int[] seen = occurrences.get(word.term());
            if (seen == null) {
                int bytes = word.term().getBytes(StandardCharsets.UTF_8).length;
                if (termBytes[0] + bytes > maxTermBytes) {
                    return false;
                }
                termBytes[0] += bytes;
                seen = new int[1];
                occurrences.put(word.term(), seen);
            }
            if (!indexed.isEmpty()) {
                indexed.append(' ');
            }
            indexed.append(++seen[0] <= MAX_OCCURRENCES ? word.term() : FILLER);
            return ++terms[0] < maxTerms;
        });
        return indexed.toString();
    }

    /** The analysed terms of a text (a query's word or phrase), stemmed or not. */
    public static List<String> terms(String text, boolean stem) {
        List<String> terms = new ArrayList<>();
        words(text, Integer.MAX_VALUE, stem, word -> terms.add(word.term()));
        return terms;
    }

    /** A term stemmed as the index stems it. */
    public static String stem(String term) {
        if (!isStemmed(term)) {
            return term;
        }
        PorterStemmer stemmer = STEMMER.get();
        stemmer.setCurrent(term);
        stemmer.stem();
        return stemmer.getCurrent();
    }

    /**
     * Gives the words of the first {@code searchedLength} characters (code points) of the text to the sink, in
     * order, until it returns false.
     */
    public static void words(String text, int searchedLength, boolean stem, WordSink sink) {
        int n = endOfCodePoints(text, searchedLength);
        int i = nextWord(text, 0, n);
        while (i < n) {
            int end = endOfWord(text, i, n);
            if (!emit(text.substring(i, end), i, end, stem, sink)) {
                return;
            }
            i = nextWord(text, end, n);
        }
    }

    /** Where the next word of {@code text[from, n)} starts, or {@code n}. */
    private static int nextWord(String text, int from, int n) {
        int i = from;
        while (i < n && !isWordCharacter(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    /**
     * Where the word that starts at {@code start} ends: after an ideograph or kana and its marks, or at the first
     * character that is not a word character or is one of those.
     */
    private static int endOfWord(String text, int start, int n) {
        int codePoint = text.codePointAt(start);
        int i = start + Character.charCount(codePoint);
        if (isOwnWord(codePoint)) {
            while (i < n && isMark(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            return i;
        }
        while (i < n && isWordCharacter(text.codePointAt(i)) && !isOwnWord(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    /** Where the text's first {@code codePoints} code points end. */
    private static int endOfCodePoints(String text, int codePoints) {
        if (text.length() <= codePoints) {
            return text.length();
        }
        int end = 0;
        for (int counted = 0; counted < codePoints && end < text.length(); counted++) {
            end += Character.charCount(text.codePointAt(end));
        }
        return end;
    }

    /** Folds one word of the text and gives its terms (folding may split it) to the sink. */
    private static boolean emit(String raw, int start, int end, boolean stem, WordSink sink) {
        if (isAsciiAlphanumeric(raw)) {
            return sink.accept(new Word(term(raw.toLowerCase(Locale.ROOT), stem), start, end));
        }
        String folded = NFC.normalize(withoutDiacritics(NFD.normalize(NFKC_CASEFOLD.normalize(raw))));
        int n = folded.length();
        int i = nextWord(folded, 0, n);
        while (i < n) {
            int next = endOfWord(folded, i, n);
            if (!sink.accept(new Word(term(folded.substring(i, next), stem), start, end))) {
                return false;
            }
            i = nextWord(folded, next, n);
        }
        return true;
    }

    private static String term(String folded, boolean stem) {
        String term = folded.codePointCount(0, folded.length()) > MAX_TERM_LENGTH
                ? folded.substring(0, folded.offsetByCodePoints(0, MAX_TERM_LENGTH)) : folded;
        return stem ? stem(term) : term;
    }

    /** The text without the marks of the combining diacritical marks blocks. */
    private static String withoutDiacritics(String decomposed) {
        StringBuilder kept = null;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (isDiacritic(c)) {
                if (kept == null) {
                    kept = new StringBuilder(decomposed.length()).append(decomposed, 0, i);
                }
            } else if (kept != null) {
                kept.append(c);
            }
        }
        return kept == null ? decomposed : kept.toString();
    }

    private static boolean isDiacritic(char c) {
        return (c >= '\u0300' && c <= '\u036F') || (c >= '\u1AB0' && c <= '\u1AFF')
                || (c >= '\u1DC0' && c <= '\u1DFF') || (c >= '\u20D0' && c <= '\u20FF')
                || (c >= '\uFE20' && c <= '\uFE2F');
    }

    private static boolean isStemmed(String term) {
        if (term.length() < 3) {
            return false;
        }
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiAlphanumeric(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** Letters, digits (and other numbers) and marks. */
    static boolean isWordCharacter(int codePoint) {
        return switch (UCharacter.getType(codePoint)) {
            case UCharacterCategory.UPPERCASE_LETTER, UCharacterCategory.LOWERCASE_LETTER,
                 UCharacterCategory.TITLECASE_LETTER, UCharacterCategory.MODIFIER_LETTER,
                 UCharacterCategory.OTHER_LETTER, UCharacterCategory.DECIMAL_DIGIT_NUMBER,
                 UCharacterCategory.LETTER_NUMBER, UCharacterCategory.OTHER_NUMBER,
                 UCharacterCategory.NON_SPACING_MARK, UCharacterCategory.COMBINING_SPACING_MARK,
                 UCharacterCategory.ENCLOSING_MARK -> true;
            default -> false;
        };
    }

    private static boolean isMark(int codePoint) {
        int type = UCharacter.getType(codePoint);
        return type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.COMBINING_SPACING_MARK
                || type == UCharacterCategory.ENCLOSING_MARK;
    }

    /** A character that is a word of its own: Han, Hiragana, Katakana. */
    static boolean isOwnWord(int codePoint) {
        if (codePoint < 0x2E80) {
            return false;
        }
        int script = UScript.getScript(codePoint);
        return script == UScript.HAN || script == UScript.HIRAGANA || script == UScript.KATAKANA;
    }
}
