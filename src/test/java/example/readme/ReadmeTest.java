package example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the README is a region of the sources under example/, which the build compiles and runs
 * ({@link ReadmeSnippetsTest}, {@link MyServiceTest}): each block follows a line {@code <!-- snippet: NAME -->}, and
 * its text is the region between {@code // snippet: NAME} and {@code // end snippet}, less its indentation and the
 * lines between {@code // snippet pause} and {@code // snippet resume}. With {@code -Dreadme.write=true} the test
 * writes the regions into the README instead of comparing.
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "example");
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([a-z0-9-]+) -->");

    @Test
    void everyJavaBlockOfTheReadmeIsARegionOfTheSourcesThatTheBuildRuns() throws IOException {
        Map<String, String> regions = regions();
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        List<String> written = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            written.add(line);
            if (!line.strip().equals("```java")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            String block = String.join("\n", lines.subList(i + 1, end));
            Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1).strip() : "");
            if (!marker.matches()) {
                problems.add("README line " + (i + 1) + ": a Java block without a <!-- snippet: NAME --> line before it");
                continue;
            }
            String name = marker.group(1);
            shown.add(name);
            String region = regions.get(name);
            if (region == null) {
                problems.add("README line " + (i + 1) + ": no region '// snippet: " + name + "' in " + SOURCES);
            } else if (Boolean.getBoolean("readme.write")) {
                written.addAll(List.of(region.split("\n", -1)));
                written.add(lines.get(end));
                i = end;
            } else if (!region.equals(block)) {
                problems.add("README line " + (i + 1) + ": the block '" + name + "' is not its region:\n--- README\n"
                        + block + "\n--- " + SOURCES + "\n" + region);
            }
        }
        List<String> unshown = new ArrayList<>(regions.keySet());
        unshown.removeAll(shown);
        unshown.forEach(name -> problems.add("the region '" + name + "' is shown nowhere in the README"));
        if (Boolean.getBoolean("readme.write")) {
            Files.write(README, written, StandardCharsets.UTF_8);
        }
        assertThat(problems).as("the README's Java blocks").isEmpty();
    }

    /** A README block of command lines is a transcript a test produced ({@link ReadmeTranscripts}), never typed. */
    @Test
    void everyCommandLineTranscriptOfTheReadmeIsOneThatATestProduces() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        List<String> typed = new ArrayList<>();
        boolean inBlock = false;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                start = i;
                continue;
            }
            if (inBlock && line.startsWith("$ java -jar ") && (start == 0 || !lines.get(start - 1).startsWith("<!-- transcript: "))) {
                typed.add("README line " + (i + 1) + ": " + line);
            }
        }
        assertThat(typed).as("command lines outside a produced transcript").isEmpty();
    }

    /** Every region of the sources under example/, by name, dedented. */
    static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String name = null;
            boolean paused = false;
            List<String> region = new ArrayList<>();
            for (String line : lines) {
                String text = line.strip();
                if (text.startsWith("// snippet: ")) {
                    name = text.substring("// snippet: ".length());
                    region.clear();
                } else if (text.equals("// end snippet") && name != null) {
                    regions.put(name, dedent(region));
                    name = null;
                } else if (text.equals("// snippet pause")) {
                    paused = true;
                } else if (text.equals("// snippet resume")) {
                    paused = false;
                } else if (name != null && !paused) {
                    region.add(line);
                }
            }
        }
        return regions;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    @Test
    void theRegionsOfThisPackageAreFound() throws IOException {
        assertThat(regions()).containsKeys("connect", "crud", "migrations", "comment-entity", "blogkit-test");
        assertThat(regions().get("comment-entity")).contains("// constructors and getters")
                .doesNotContain("protected Comment()").endsWith("}");
    }
}
