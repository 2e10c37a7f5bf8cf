package dev.blogkit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Hello World|hello-world",
            "  Hello,   World!  |hello-world",
            "Crème brûlée à la carte|creme-brulee-a-la-carte",
            "Straße & Ærø|strasse-aero",
            "Łódź Łąka|lodz-laka",
            "C++ vs. C#|c-vs-c",
            "Java 17: what's new?|java-17-what-s-new",
            "ＦＵＬＬ ｗｉｄｔｈ|full-width",
            "Привет, мир|привет-мир",
            "日本語のブログ|日本語のブログ",
            "snake_case and kebab-case|snake-case-and-kebab-case",
            "zero\u200Bwidth|zerowidth"})
    void fromTextLowerCasesFoldsToAsciiAndJoinsWordsWithHyphens(String text, String slug) {
        assertThat(Slugs.fromText(text, 200)).isEqualTo(slug);
        assertThat(Slugs.isSlug(slug, 200)).isTrue();
    }

    @Test
    void fromTextOfATextWithoutLetterOrDigitIsEmpty() {
        assertThat(Slugs.fromText("!!! ??? ---", 200)).isEmpty();
    }

    @Test
    void fromTextCutsALongTextAtAWordBoundary() {
        assertThat(Slugs.fromText("alpha beta gamma", 12)).isEqualTo("alpha-beta");
        assertThat(Slugs.fromText("alpha beta gamma", 10)).isEqualTo("alpha-beta");
        assertThat(Slugs.fromText("abcdefghijklmnop", 5)).isEqualTo("abcde");
        assertThat(Slugs.fromText("word ".repeat(100), 200)).hasSizeLessThanOrEqualTo(200).doesNotEndWith("-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "a-", "-a", "a--b", "A", "Hello-world", "a b", "a_b", "a/b", "a.b", "a?b",
            "%20", "é\u0301"})
    void isSlugRefusesWhatIsNoSlug(String text) {
        assertThat(Slugs.isSlug(text, 200)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"café", "naïve-idea", "ａｂｃ", "straße", "ﬁle", "cafe\u0301", "ǆ", "æon", "ø", "ı", "ﬀ",
            "ｊａｖａ-17", "𝐣𝐚𝐯𝐚"})
    void aSlugWithALetterThatHasAnAsciiFormIsNoSlug(String text) {
        assertThat(Slugs.isSlug(text, 200)).isFalse();
        assertThat(Slugs.isSlug(Slugs.fromText(text, 200), 200)).isTrue();
    }

    /** Letters, digits, marks, ligatures, full-width forms and punctuation of many scripts, upper and lower case. */
    private static String randomText(java.util.Random random) {
        int[][] ranges = {{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {0x20, 0x2F}, {0xC0, 0x24F}, {0x300, 0x36F},
                {0x370, 0x3FF}, {0x400, 0x4FF}, {0x1E00, 0x1EFF}, {0xFB00, 0xFB06}, {0xFF01, 0xFF5E},
                {0x3040, 0x30FF}, {0x4E00, 0x4E80}, {0x2160, 0x2188}, {0x24B6, 0x24E9}, {0x200B, 0x200F},
                {0x1D400, 0x1D4FF}, {0x0660, 0x0669}};
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(16);
        for (int i = 0; i < length; i++) {
            int[] range = ranges[random.nextInt(ranges.length)];
            text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return text.toString();
    }

    @Test
    void isSlugAndTheDerivationAgreeOverRandomText() {
        java.util.Random random = new java.util.Random(29);
        int slugs = 0;
        for (int i = 0; i < 50_000; i++) {
            String text = randomText(random);
            String slug = Slugs.fromText(text, 200);
            if (slug.isEmpty()) {
                continue;
            }
            slugs++;
            assertThat(Slugs.isSlug(slug, 200)).as("the slug of '%s'", text).isTrue();
            assertThat(Slugs.fromText(slug, 200)).as("the slug of '%s' is its own slug", text).isEqualTo(slug);
            // every letter kept is one the derivation keeps as it is: none that it would fold to ASCII
            slug.codePoints().filter(c -> c >= 128).forEach(c -> assertThat(Slugs.fromText(Character.toString(c), 200))
                    .as("U+%04X in the slug of '%s'", c, text).isEqualTo(Character.toString(c)));
            if (Slugs.isSlug(text, 200)) {
                assertThat(slug).isEqualTo(text);
            }
        }
        assertThat(slugs).isGreaterThan(40_000);
    }

    @Test
    void isSlugRefusesASlugLongerThanTheLimit() {
        assertThat(Slugs.isSlug("a".repeat(200), 200)).isTrue();
        assertThat(Slugs.isSlug("a".repeat(201), 200)).isFalse();
    }

    @Test
    void postCheckSlugNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> Post.checkSlug("Not A Slug"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Not A Slug")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("slug");
        assertThatThrownBy(() -> Post.checkSlug(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void tagSlugOfRefusesANameWithoutLetterOrDigit() {
        assertThat(Tag.slugOf("Java")).isEqualTo("java");
        assertThatThrownBy(() -> Tag.slugOf("+++"))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("tag");
        assertThatThrownBy(() -> Tag.slugOf("x".repeat(65))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Tag.slugOf(" ")).isInstanceOf(InvalidInputException.class);
    }
}
