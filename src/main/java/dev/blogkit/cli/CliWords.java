package dev.blogkit.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line's words for what BlogKit's exceptions say in Java's: the library names its methods and
 * parameters ({@code generate(message, dir, true)}), and a command-line user reads the options that do the same
 * ({@code --allow-drop}). One table, applied to every error the command line prints.
 */
final class CliWords {

    /** Java's phrase, the command line's; longer phrases before the shorter ones they contain. */
    private static final Map<String, String> WORDS = new LinkedHashMap<>();

    static {
        WORDS.put("BlogConfig.Builder.migrations(location, historyTable) with ", "--history ");
        WORDS.put("BlogConfig.Builder.migrations(location, historyTable)",
                "--migrations LOCATION and --history TABLE, or migrations= and history= in blogkit.properties");
        WORDS.put("BlogConfig.Builder.classLoader", "--classpath");
        WORDS.put("BlogConfig.Builder.entities", "--entities");
        WORDS.put("BlogConfig.Builder.scratchDatabase", "--scratch URL, or scratch= or target= in blogkit.properties");
        WORDS.put("BlogConfig.Builder.migrationDatabases", "--databases, or databases= in blogkit.properties");
        WORDS.put("BlogConfig.Builder.credentials(user, password)", "--user USER and the environment variable "
                + Sets.PASSWORD_VARIABLE);
        WORDS.put(" (Migrations.ofApplication)", "");
        WORDS.put("generate it with generate(message, dir, true)", "generate it with --allow-drop");
        WORDS.put("generate(message, dir)", "--dir DIR");
        WORDS.put("(excludedTables ", "(--exclude ");
        WORDS.put("(intoNonEmptyTarget true allows it)", "(--into-non-empty allows it)");
    }

    private CliWords() {
    }

    /**
     * {@code message} in the command line's words, and without a leading {@code error:} of its own (a driver's
     * {@code ERROR: ...}), which the command line's {@code error: } would double.
     */
    static String of(String message) {
        String text = message == null ? "" : message;
        for (Map.Entry<String, String> word : WORDS.entrySet()) {
            text = text.replace(word.getKey(), word.getValue());
        }
        while (text.regionMatches(true, 0, "error:", 0, "error:".length())) {
            text = text.substring("error:".length()).stripLeading();
        }
        return text;
    }
}
