package example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The README's command-line transcripts that a test produces: the block after {@code <!-- transcript: NAME -->} is
 * what the test printed, with what differs from run to run (times in ms, timestamps, temporary folders) compared
 * as placeholders; the README keeps the figures of the run that wrote it ({@code -Dreadme.write=true}).
 */
public final class ReadmeTranscripts {

    private static final Path README = Path.of("README.md");

    private ReadmeTranscripts() {
    }

    /** Compares the README's transcript {@code name} with {@code produced}, or writes it there with -Dreadme.write=true. */
    public static void check(String name, String produced) throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int marker = lines.indexOf("<!-- transcript: " + name + " -->");
        assertThat(marker).as("README has <!-- transcript: " + name + " -->").isNotNegative();
        assertThat(lines.get(marker + 1)).isEqualTo("```");
        int end = marker + 2;
        while (!lines.get(end).equals("```")) {
            end++;
        }
        String shown = String.join("\n", lines.subList(marker + 2, end));
        String made = produced.stripTrailing();
        if (Boolean.getBoolean("readme.write")) {
            List<String> written = new ArrayList<>(lines.subList(0, marker + 2));
            written.addAll(List.of(made.split("\n", -1)));
            written.addAll(lines.subList(end, lines.size()));
            Files.write(README, written, StandardCharsets.UTF_8);
            return;
        }
        UnaryOperator<String> varying = text -> text
                .replaceAll("\\(\\d+ ms\\)", "(N ms)")
                .replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ", "YYYY-MM-DD hh:mm:ssZ")
                .replaceAll("\\d{8}T\\d{9}Z", "YYYYMMDDThhmmssSSSZ");
        assertThat(varying.apply(shown)).as("the README's transcript " + name + " (rewrite it with -Dreadme.write=true)")
                .isEqualTo(varying.apply(made));
    }
}
