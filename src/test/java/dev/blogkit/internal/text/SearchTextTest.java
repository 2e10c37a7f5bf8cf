package dev.blogkit.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of search's analysis, each on the text that tries hardest to break it. */
class SearchTextTest {

    @Test
    void accentsPrecomposedOrCombiningCaseAndCompatibilityFormsFoldAlike() {
        assertThat(SearchText.terms("Café CAFE\u0301 ｃａｆé", false)).containsExactly("cafe", "cafe", "cafe");
        assertThat(SearchText.terms("Pa\u0302tisserie Pâtisserie PÂTISSERIE", false))
                .containsExactly("patisserie", "patisserie", "patisserie");
        // final sigma, Georgian capitals, the sharp s and its capital
        assertThat(SearchText.terms("ΟΔΟΣ οδός οδοσ", false)).containsOnly("οδοσ");
        assertThat(SearchText.terms("ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ საქართველო", false)).containsOnly("საქართველო");
        assertThat(SearchText.terms("Straße STRAẞE STRASSE", false)).containsOnly("strasse");
    }

    @Test
    void wordsAreRunsOfLettersDigitsAndMarksAndEachIdeographIsOne() {
        assertThat(SearchText.terms("e-mail don't 3.14 x86_64", false))
                .containsExactly("e", "mail", "don", "t", "3", "14", "x86", "64");
        assertThat(SearchText.terms("東京タワーへ", false)).containsExactly("東", "京", "タ", "ワ", "ー", "へ");
        // Devanagari keeps its vowel signs (marks) inside the word; a combining mark alone is no word
        assertThat(SearchText.terms("नमस्ते", false)).hasSize(1);
        assertThat(SearchText.terms("\u0301 \u00A0 \u200B", false)).isEmpty();
    }

    @Test
    void onlyWordsOfThreeOrMoreLettersAToZAreStemmed() {
        assertThat(SearchText.terms("running runs is as us mp3s 1980s cafés", true))
                .containsExactly("run", "run", "is", "as", "us", "mp3s", "1980s", "cafe");
        assertThat(SearchText.stem("connections")).isEqualTo("connect");
        assertThat(SearchText.stem("σοφίας")).isEqualTo("σοφίας");
    }

    @Test
    void aTermKeepsItsFirstSixtyFourCodePoints() {
        String word = "\uD801\uDC00".repeat(100); // Deseret capital long i, 4 bytes in UTF-8
        List<String> terms = SearchText.terms(word, false);
        assertThat(terms).singleElement().satisfies(t -> assertThat(t.codePointCount(0, t.length()))
                .isEqualTo(SearchText.MAX_TERM_LENGTH));
    }

    /** What PostgreSQL's tsvector can hold: 16,383 positions, 255 per term, 1 MiB of terms. */
    @Test
    void theIndexOfAnyTextStaysWithinEveryBound() {
        // the longest title in the most words: U+FDFA is four words, one of them 128 times
        String title = SearchText.indexedTitle("\uFDFA ".repeat(128));
        assertThat(title.split(" ")).hasSize(512).hasSizeLessThanOrEqualTo(SearchText.MAX_TITLE_TERMS)
                .contains(SearchText.FILLER);
        assertOccurrencesBounded(title);

        // distinct words of 64 four-byte letters: the bytes bound ends the body first
        Random random = new Random(30);
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 20_000; w++) {
            for (int c = 0; c < 64; c++) {
                body.appendCodePoint(0x10428 + random.nextInt(40));
            }
            body.append(' ');
        }
        String indexed = SearchText.indexedBody(body.toString(), Integer.MAX_VALUE);
        Set<String> distinct = new HashSet<>(Arrays.asList(indexed.split(" ")));
        int bytes = distinct.stream().mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(bytes).isLessThanOrEqualTo(SearchText.MAX_BODY_TERM_BYTES)
                .isGreaterThan(SearchText.MAX_BODY_TERM_BYTES - 300);

        // one word over and over: its occurrences past the bound keep their place, as a filler no query finds
        String repeated = SearchText.indexedBody("alpha ".repeat(50_000), Integer.MAX_VALUE);
        assertThat(repeated.split(" ")).hasSize(SearchText.MAX_BODY_TERMS);
        assertOccurrencesBounded(repeated);
        assertThat(SearchText.terms(SearchText.FILLER, false)).isEmpty();
    }

    private static void assertOccurrencesBounded(String indexed) {
        Map<String, Integer> counts = new HashMap<>();
        for (String term : indexed.split(" ")) {
            if (!term.equals(SearchText.FILLER)) {
                counts.merge(term, 1, Integer::sum);
            }
        }
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(SearchText.MAX_OCCURRENCES));
    }
}
