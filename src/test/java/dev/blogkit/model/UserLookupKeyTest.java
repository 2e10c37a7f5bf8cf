package dev.blogkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import dev.blogkit.internal.text.Identity;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link User#lookupKey} over all of Unicode, against an oracle of its own: the JDK's case mappings (upper, lower
 * and title case, and NFKC), which share no code with ICU's case folding. Every code point the JDK knows collides
 * with its case variants, and two code points collide only if the JDK's mappings join them too; the two
 * exceptions are Unicode's own rules: the dotless {@code ı} folds to itself, and default-ignorable characters
 * (joiners, variation selectors, fillers) vanish.
 */
class UserLookupKeyTest {

    /** The JDK's view of one name: NFKC, then upper and lower case, until nothing changes (ß, ẞ, SS meet). */
    private static String jdkCanon(String text) {
        String previous = null;
        String current = Normalizer.normalize(text, Normalizer.Form.NFKC);
        while (!current.equals(previous)) {
            previous = current;
            current = Normalizer.normalize(current.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
        }
        return current;
    }

    private static IntStream knownCodePoints() {
        return IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
                .filter(cp -> Character.getType(cp) != Character.SURROGATE && Character.isDefined(cp));
    }

    private static String text(int codePoint) {
        return new String(Character.toChars(codePoint));
    }

    @Test
    void everyCodePointCollidesWithItsUpperLowerAndTitleCaseButTheDotlessI() {
        List<String> apart = new ArrayList<>();
        knownCodePoints().forEach(cp -> {
            String self = text(cp);
            String key = User.lookupKey(self);
            for (String variant : List.of(self.toUpperCase(Locale.ROOT), self.toLowerCase(Locale.ROOT),
                    text(Character.toTitleCase(cp)))) {
                if (!User.lookupKey(variant).equals(key)) {
                    apart.add(String.format("U+%04X %s / %s", cp, self, variant));
                }
            }
        });
        assertThat(apart).as("variants that fold apart").containsOnly("U+0131 ı / I");
        assertThat(knownCodePoints().count()).as("code points compared").isGreaterThan(140_000);
    }

    @Test
    void codePointsCollideOnlyWhenTheirCaseMappingsJoinThemOrUnicodeIgnoresThem() {
        Map<String, Set<String>> canonsByKey = new HashMap<>();
        List<Integer> vanishing = new ArrayList<>();
        knownCodePoints().forEach(cp -> {
            String key = User.lookupKey(text(cp));
            if (key.isEmpty()) {
                vanishing.add(cp);
            } else {
                canonsByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(jdkCanon(text(cp)));
            }
        });
        assertThat(canonsByKey.entrySet()).filteredOn(e -> e.getValue().size() > 1).as("keys joining unrelated names")
                .isEmpty();
        assertThat(vanishing).as("only default-ignorable characters vanish")
                .allSatisfy(cp -> assertThat(UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)).isTrue())
                .contains(0x00AD, 0x200B, 0x200D, 0xFE0F, 0x115F, 0x3164);
        assertThat(canonsByKey.size()).as("distinct names among single code points").isGreaterThan(130_000);
    }

    @Test
    void theKnownHardCasesFoldAsUnicodeSays() {
        assertThat(User.lookupKey("STRAẞE")).isEqualTo(User.lookupKey("Straße")).isEqualTo("strasse");
        assertThat(User.lookupKey("ΟΔΥΣΣΕΥΣ")).isEqualTo(User.lookupKey("οδυσσευς")).isEqualTo(User.lookupKey("ὈΔΥΣΣΕΎΣ".replace("Ὀ", "Ο").replace("Ύ", "Υ")));
        assertThat(User.lookupKey("ﬁle")).isEqualTo(User.lookupKey("FILE"));
        assertThat(User.lookupKey("ǅemal")).isEqualTo(User.lookupKey("ǄEMAL")).isEqualTo(User.lookupKey("ǆemal"));
        assertThat(User.lookupKey("İstanbul")).isNotEqualTo(User.lookupKey("istanbul")).isEqualTo("i\u0307stanbul");
        assertThat(User.lookupKey("ıx")).isNotEqualTo(User.lookupKey("ix"));
        assertThat(User.lookupKey("Ꭰ")).isEqualTo(User.lookupKey("ꭰ")).as("Cherokee folds to its capitals");
        assertThat(User.lookupKey("Pa\u0302tisserie")).isEqualTo(User.lookupKey("PÂTISSERIE"));
    }

    @Test
    void aKeyIsItsOwnKeyAndEveryStoredKeyHas43Characters() {
        knownCodePoints().filter(cp -> cp % 7 == 0).forEach(cp -> {
            String key = User.lookupKey(text(cp) + "a" + text(cp));
            assertThat(User.lookupKey(key)).isEqualTo(key);
        });
        for (String worst : List.of("\uFDFA".repeat(User.USERNAME_MAX_LENGTH), "x", "\uD835\uDC00".repeat(64))) {
            assertThat(Identity.storedKey(worst)).hasSize(Identity.STORED_KEY_LENGTH).matches("[A-Za-z0-9_-]+");
        }
        assertThat(Identity.storedKey("STRAẞE")).isEqualTo(Identity.storedKey("strasse"))
                .isNotEqualTo(Identity.storedKey("strase"));
    }
}
