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
