package dev.blogkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark of /work/shared/bench/WORKLOAD.md: BlogKit against plain JDBC, in one JVM, each side on its own
 * new SQLite file. A warm-up on a throwaway database first (100 users, 10,000 posts, phases page_first to
 * user_with_posts, deep page 250), then the measured runs; each prints its phases' JSON lines, and the end prints
 * the table and writes the results file. Any check that fails stops it with exit status 1.
 *
 * <pre>
 * ./mvnw -B -Pbench verify                      # the bench profile runs this, then {@link StreamBenchmark}
 * java -cp ... dev.blogkit.bench.Benchmark [--runs N] [--out target/bench/results.json] [--tmp target/bench/tmp]
 * </pre>
 *
 * <p>With several runs, the warm-up runs once, each run gets new files, and the runs alternate which side goes
 * first in each phase; the table shows medians.
 */
public final class Benchmark {

    private static final int WARM_UP_DEEP_PAGE = 250;

    private Benchmark() {
    }

    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            run(options);
        } catch (BenchmarkFailure e) {
            System.out.flush();
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.out.flush();
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Options options) throws Exception {
        SplitMix64.selfCheck();
        long start = System.nanoTime();
        Files.createDirectories(options.tmp());
        // a failed run must not leave the results of an earlier one behind
        Files.deleteIfExists(options.out());

        long warmUpStart = System.nanoTime();
        Path warmUpDir = Files.createTempDirectory(options.tmp(), "warm-up-");
        List<Result> warmUp;
        try (Workload blogkit = new BlogKitWorkload(warmUpDir.resolve("blogkit.db"));
             Workload jdbc = new JdbcWorkload(warmUpDir.resolve("jdbc.db"))) {
            warmUp = new Run(Dataset.WARM_UP, WARM_UP_DEEP_PAGE, List.of(blogkit, jdbc), null).warmUp();
        } finally {
            deleteRecursively(warmUpDir);
        }
        status("warm-up done (%d users, %,d posts, both sides): %.1f s; seconds per phase: %s", Dataset.WARM_UP.users(),
                Dataset.WARM_UP.bulkPosts(), seconds(warmUpStart), summary(warmUp));

        List<Result> results = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            long runStart = System.nanoTime();
            Path dir = Files.createTempDirectory(options.tmp(), "run-" + (run + 1) + "-");
            try (Workload blogkit = new BlogKitWorkload(dir.resolve("blogkit.db"));
                 Workload jdbc = new JdbcWorkload(dir.resolve("jdbc.db"))) {
                List<Workload> sides = run % 2 == 0 ? List.of(blogkit, jdbc) : List.of(jdbc, blogkit);
                status("run %d of %d on new files in %s (%s first in each phase)", run + 1, options.runs(), dir,
                        sides.get(0).impl());
                results.addAll(new Run(Dataset.MEASURED, Run.DEEP_PAGE, sides, System.out).all());
            } finally {
                deleteRecursively(dir);
            }
            Results.write(options.out(), results);
            status("run %d of %d done: %.1f s", run + 1, options.runs(), seconds(runStart));
        }
        System.out.println();
        System.out.print(Results.table(results, options.runs()));
        System.out.println();
        status("all checks passed; results in %s; %.1f s in all", options.out(), seconds(start));
    }

    /** "phase blogkit/jdbc" seconds, for the warm-up's status line. */
    private static String summary(List<Result> results) {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k + 1 < results.size(); k += 2) {
            Result a = results.get(k);
            Result b = results.get(k + 1);
            text.append(k == 0 ? "" : ", ").append(a.phase()).append(String.format(Locale.ROOT, " %.2f/%.2f",
                    a.seconds(), b.seconds()));
        }
        return text + " (" + results.get(0).impl() + "/" + results.get(1).impl() + ")";
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void status(String format, Object... args) {
        System.out.flush();
        System.err.println("bench: " + String.format(Locale.ROOT, format, args));
        System.err.flush();
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line: --runs N (default 1), --out FILE, --tmp DIR. */
    record Options(int runs, Path out, Path tmp) {

        static Options parse(String[] args) {
            int runs = 1;
            Path out = Path.of("target", "bench", "results.json");
            Path tmp = Path.of("target", "bench", "tmp");
            for (int k = 0; k < args.length; k++) {
                String value = k + 1 < args.length ? args[k + 1] : null;
                switch (args[k]) {
                    case "--runs" -> runs = Integer.parseInt(require(args[k], value));
                    case "--out" -> out = Path.of(require(args[k], value));
                    case "--tmp" -> tmp = Path.of(require(args[k], value));
                    default -> throw new IllegalArgumentException("unknown argument " + args[k]
                            + " (usage: [--runs N] [--out FILE] [--tmp DIR])");
                }
                k++;
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1, was " + runs);
            }
            return new Options(runs, out, tmp);
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
