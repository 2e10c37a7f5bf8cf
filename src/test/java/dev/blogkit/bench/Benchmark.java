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
 * <p>With {@code --postgres URL}, the same again on that PostgreSQL server after SQLite: its own warm-up and runs,
 * each side in a new schema of its own (created with a random name, dropped afterwards), its table under a heading
 * that names the server, its results in {@code results-postgresql.json} beside the {@code --out} file.
 *
 * <pre>
 * ./mvnw -B -Pbench verify                      # the bench profile runs this, then {@link StreamBenchmark}
 * ./mvnw -B -Pbench verify -Dbench.postgres=jdbc:postgresql://127.0.0.1:5432/test?user=postgres
 * java -cp ... dev.blogkit.bench.Benchmark [--runs N] [--out target/bench/results.json] [--tmp target/bench/tmp]
 *                                          [--postgres jdbc:postgresql://HOST:PORT/DATABASE?user=...]
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
        PostgresqlBackend postgresql = null;
        if (options.postgres() != null) {
            Files.deleteIfExists(options.postgresOut());
            // before SQLite's runs, so that a wrong URL fails at once
            postgresql = new PostgresqlBackend(options.postgres());
            status("postgresql: %s, after SQLite", postgresql.describe());
        }

        List<Result> results = measure(new SqliteBackend(options.tmp()), "", options.runs(), options.out());
        System.out.println();
        System.out.print(Results.table(results, options.runs()));
        System.out.println();
        status("all checks passed; results in %s; %.1f s in all", options.out(), seconds(start));

        if (postgresql != null) {
            long postgresqlStart = System.nanoTime();
            List<Result> onServer = measure(postgresql, "postgresql: ", options.runs(), options.postgresOut());
            System.out.println();
            System.out.print(Results.table(onServer, options.runs(), postgresql.describe()));
            System.out.println();
            status("postgresql: all checks passed; results in %s; %.1f s (%.1f s in all)", options.postgresOut(),
                    seconds(postgresqlStart), seconds(start));
        }
    }

    /**
     * The warm-up on throwaway databases, then the measured runs, each on fresh databases of {@code backend};
     * writes the results to {@code out} after each run and returns them. {@code prefix} starts every status line.
     */
    private static List<Result> measure(Backend backend, String prefix, int runs, Path out) throws Exception {
        long warmUpStart = System.nanoTime();
        List<Result> warmUp;
        try (Backend.Sides sides = backend.fresh("warm-up")) {
            warmUp = new Run(Dataset.WARM_UP, WARM_UP_DEEP_PAGE, List.of(sides.blogkit(), sides.jdbc()), null)
                    .warmUp();
        }
        status(prefix + "warm-up done (%d users, %,d posts, both sides): %.1f s; seconds per phase: %s",
                Dataset.WARM_UP.users(), Dataset.WARM_UP.bulkPosts(), seconds(warmUpStart), summary(warmUp));

        List<Result> results = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long runStart = System.nanoTime();
            try (Backend.Sides pair = backend.fresh("run-" + (run + 1))) {
                List<Workload> sides = run % 2 == 0 ? List.of(pair.blogkit(), pair.jdbc())
                        : List.of(pair.jdbc(), pair.blogkit());
                status(prefix + "run %d of %d on %s (%s first in each phase)", run + 1, runs, pair.where(),
                        sides.get(0).impl());
                results.addAll(new Run(Dataset.MEASURED, Run.DEEP_PAGE, sides, System.out).all());
            }
            Results.write(out, results);
            status(prefix + "run %d of %d done: %.1f s", run + 1, runs, seconds(runStart));
        }
        return results;
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

    /**
     * The command line: --runs N (default 1), --out FILE, --tmp DIR, --postgres URL (none if empty); each also as
     * --option=VALUE. {@link #postgresOut()}: results-postgresql.json beside --out.
     */
    record Options(int runs, Path out, Path tmp, String postgres) {

        static Options parse(String[] args) {
            int runs = 1;
            Path out = Path.of("target", "bench", "results.json");
            Path tmp = Path.of("target", "bench", "tmp");
            String postgres = null;
            for (int k = 0; k < args.length; k++) {
                String argument = args[k];
                String option = argument;
                String value;
                int equals = option.indexOf('=');
                if (option.startsWith("--") && equals > 0) {
                    value = option.substring(equals + 1);
                    option = option.substring(0, equals);
                } else {
                    value = k + 1 < args.length ? args[k + 1] : null;
                    k++;
                }
                switch (option) {
                    case "--runs" -> runs = Integer.parseInt(require(option, value));
                    case "--out" -> out = Path.of(require(option, value));
                    case "--tmp" -> tmp = Path.of(require(option, value));
                    case "--postgres" -> postgres = require(option, value).isBlank() ? null : value.strip();
                    default -> throw new IllegalArgumentException("unknown argument " + argument
                            + " (usage: [--runs N] [--out FILE] [--tmp DIR] [--postgres URL])");
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1, was " + runs);
            }
            return new Options(runs, out, tmp, postgres);
        }

        /** The PostgreSQL results: {@code results-postgresql.json} for {@code results.json}, in the same folder. */
        Path postgresOut() {
            String name = out.getFileName().toString();
            String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
            return out.resolveSibling(stem + "-postgresql.json");
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
