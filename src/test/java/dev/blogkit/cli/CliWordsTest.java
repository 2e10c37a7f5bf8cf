package dev.blogkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.BlogConfig;
import dev.blogkit.migration.BlogCopy;
import dev.blogkit.migration.MigrationException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's exceptions name Java's API; the command line prints them with its own options instead. */
class CliWordsTest {

    @TempDir
    Path dir;

    @Test
    void everyJavaPhraseOfTheLibrarysAdviceBecomesTheOptionThatDoesTheSame() {
        assertThat(CliWords.of("would drop data: nothing was written; if that is what you want, generate it with "
                + "generate(message, dir, true)")).endsWith("generate it with --allow-drop").doesNotContain("(message");
        assertThat(CliWords.of("check the migrations location (BlogConfig.Builder.migrations(location, historyTable), "
                + "and BlogConfig.Builder.classLoader for a classpath: location)"))
                .contains("--migrations LOCATION and --history TABLE", "--classpath").doesNotContain("BlogConfig");
        assertThat(CliWords.of("name x_history as their history table (BlogConfig.Builder.migrations(location, "
                + "historyTable) with x_history)")).contains("(--history x_history)");
        assertThat(CliWords.of("give one (BlogConfig.Builder.scratchDatabase), or (BlogConfig.Builder.migrationDatabases)"))
                .contains("--scratch URL", "--databases").doesNotContain("BlogConfig");
        assertThat(CliWords.of("either in the URL or with BlogConfig.Builder.credentials(user, password), not both"))
                .contains("--user USER and the environment variable BLOGKIT_PASSWORD");
    }

    @Test
    void aMessageThatBeginsWithItsOwnErrorIsNotPrintedAsErrorError() {
        assertThat(CliWords.of("ERROR: relation \"x\" does not exist")).isEqualTo("relation \"x\" does not exist");
        assertThat(CliWords.of("Error: error: twice")).isEqualTo("twice");
    }

    @Test
    void aRefusedCopyNamesJavasParameterInJavaAndTheOptionOnTheCommandLine() {
        String source = "jdbc:sqlite:" + dir.resolve("source.db");
        dev.blogkit.migration.Migrations.on(source).migrate();
        dev.blogkit.TestDatabase.execute(dir.resolve("source.db"), "CREATE TABLE stray (id INTEGER)");

        MigrationException java = org.assertj.core.api.Assertions.catchThrowableOfType(MigrationException.class,
                () -> BlogCopy.copy(BlogConfig.builder(source).build(),
                        BlogConfig.builder("jdbc:sqlite:" + dir.resolve("a.db")).build(), false, Set.of(), (r, t) -> { }));
        assertThat(java.getMessage()).contains("excludedTables stray", "BlogConfig.Builder.migrations(").doesNotContain("--");

        CliRun cli = CliRun.of("copy", "--from", source, "--to", "jdbc:sqlite:" + dir.resolve("b.db"));
        assertThat(cli.err()).contains("--exclude stray", "--migrations LOCATION").doesNotContain("BlogConfig.Builder");
    }
}
