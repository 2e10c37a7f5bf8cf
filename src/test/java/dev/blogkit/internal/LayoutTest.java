package dev.blogkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.Blog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout the README's Architecture section describes, read from the compiled classes with the JDK's jdeps: no
 * cycle between classes, internals that never call a facade, and a package-info for every internal package.
 */
class LayoutTest {

    /** The entry points applications and users call; internals take plain inputs and never call them back. */
    private static final Set<String> FACADES = Set.of("dev.blogkit.Blog", "dev.blogkit.migration.Migrations",
            "dev.blogkit.migration.BlogCopy", "dev.blogkit.cli.BlogKitCli", "dev.blogkit.demo.BlogDemo");

    private static Path classes;
    /** Top-level class to the top-level classes of BlogKit it uses. */
    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readDependencies() throws URISyntaxException {
        classes = Path.of(Blog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        // -filter:none: jdeps leaves out the dependencies inside a package unless told
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:class",
                "-filter:none", classes.toString());
        assertThat(exit).as("jdeps").isZero();
        uses = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3 && fields[1].equals("->") && fields[0].startsWith("dev.blogkit.")
                    && fields[2].startsWith("dev.blogkit.")) {
                String from = topLevel(fields[0]);
                String to = topLevel(fields[2]);
                if (!from.equals(to)) {
                    uses.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        assertThat(uses).as("dependencies read").containsKey("dev.blogkit.Blog");
        assertThat(uses.get("dev.blogkit.internal.versions.MigrationLock")).as("inside a package too")
                .contains("dev.blogkit.internal.versions.SqliteFile");
    }

    /**
     * One cycle is the tutorial's model itself: a user has posts and a post has its author, the two sides of one
     * JPA association (mappedBy), which applications navigate both ways. No other.
     */
    @Test
    void noClassDependsOnItselfThroughOthersButTheTwoSidesOfTheUserPostAssociation() {
        assertThat(cycles()).containsExactly(Set.of("dev.blogkit.model.Post", "dev.blogkit.model.User"));
    }

    @Test
    void internalsNeverCallAFacade() {
        List<String> calls = new ArrayList<>();
        uses.forEach((from, to) -> {
            if (from.startsWith("dev.blogkit.internal.")) {
                to.stream().filter(FACADES::contains).forEach(facade -> calls.add(from + " -> " + facade));
            }
        });
        assertThat(calls).isEmpty();
    }

    @Test
    void everyInternalPackageSaysWhatItIsForAndThatItIsNotApi() throws Exception {
        Path internal = classes.resolve("dev/blogkit/internal");
        List<Path> packages;
        try (Stream<Path> folders = Files.walk(internal)) {
            packages = folders.filter(Files::isDirectory).filter(f -> !f.equals(internal)).toList();
        }
        assertThat(packages).hasSizeGreaterThanOrEqualTo(5);
        for (Path folder : packages) {
            Path info = Path.of("src/main/java").resolve(classes.relativize(folder)).resolve("package-info.java");
            assertThat(info).exists();
            assertThat(Files.readString(info)).startsWith("/**\n * Not API:");
        }
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    /** The strongly connected groups of more than one class (Tarjan's algorithm). */
    private static List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                Set<String> onStack, List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : uses.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(node));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }
}
