package dev.blogkit.bench;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogRepository;
import dev.blogkit.NewPost;
import dev.blogkit.NewUser;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20, point 5: what read replicas cost and give, on a throwaway primary and streaming replica
 * ({@code .ci/replication-pair}), in the benchmark's style: each phase run side by side in one JVM run by Blogs
 * that reach the data differently, and the ratio of a side's ops/s to a baseline's (above 1: the side is faster);
 * several runs, the first two reported as cold, the ratio the median of runs 3 to N. The sides:
 * {@code primary}, a Blog on the primary alone; {@code replica}, a Blog with the replica; {@code direct}, a
 * read-only Blog opened on the replica itself (no routing: what the replica server costs); {@code replica_no_wait},
 * a Blog with the replica and {@code readYourWritesTimeout(0)} (a read after a write checks the replica's position
 * once and, if it has not replayed the write yet, reads from the primary at once).
 *
 * <ul>
 *   <li>{@code read_by_id}: findPost of a random post, 5,000 times, one thread, by a Blog that has not written, so
 *       that no read waits for a position. Against {@code direct}: the cost of routing alone (which pool, whether
 *       the replica is healthy); against {@code primary}: that and the replica server.</li>
 *   <li>{@code write_then_read}: updatePost of a random post, then findPost of it, which must show the new title,
 *       1,000 times, one thread. The replica side notes the primary's WAL position after each write and checks the
 *       replica's replayed position before each read (one round trip each), waiting while it replays;
 *       {@code replica_no_wait} pays the two round trips without the wait.</li>
 *   <li>{@code mixed_read_heavy}: 4 threads, 2,500 operations each, 9 in 10 reads (findPost, a page of 10 published
 *       post views, the count of published posts) and 1 in 10 an updatePost; every read of the Blog sees its
 *       writes.</li>
 * </ul>
 *
 * Data: 100 users and 10,000 posts (every second published), made once. Run with {@code -Dbench.replication=auto}
 * (the bench profile; makes a pair and drops it, needs root and the cluster tools) or with the line of
 * {@code .ci/replication-pair up}; without either it says it is skipped. On one machine both servers and the
 * client share the cores: see the README's "Scaling reads" for what the figures do and do not show.
 */
public final class ReplicaBenchmark {

    private static final int USERS = 100;
    private static final int POSTS_PER_USER = 100;
    private static final int READS = 5_000;
    private static final int WRITE_READS = 1_000;
    private static final int THREADS = 4;
    private static final int MIXED_PER_THREAD = 2_500;
    private static final String SCHEMA = "blogkit_bench_replicas";

    private ReplicaBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            System.out.flush();
            System.err.println("BENCHMARK FAILED: replicas: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int runs = 1;
        Path out = Path.of("target", "bench", "results-replicas.json");
        String pairLine = "";
        for (String arg : args) {
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring("--runs=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--pair=")) {
                pairLine = arg.substring("--pair=".length()).strip();
            } else {
                throw new IllegalArgumentException("usage: [--runs=N] [--out=FILE] [--pair=auto|LINE]: " + arg);
            }
        }
        if (pairLine.isEmpty()) {
            Benchmark.status("replicas: skipped (-Dbench.replication=auto, or the line of .ci/replication-pair up)");
            return;
        }
        String ownPair = null;
        if (pairLine.equals("auto")) {
            ownPair = "blogkit_bench_" + ProcessHandle.current().pid();
            pairLine = script("up", ownPair);
        }
        try {
            String[] fields = pairLine.split("\\s+");
            String primary = "jdbc:postgresql://127.0.0.1:" + fields[2] + "/postgres?user=postgres";
            String replica = "jdbc:postgresql://127.0.0.1:" + fields[4] + "/postgres?user=postgres";
            measure(primary, replica, runs, out);
        } finally {
            if (ownPair != null) {
                script("down", ownPair);
            }
        }
    }

    private static void measure(String primaryServer, String replicaServer, int runs, Path out) throws Exception {
        execute(primaryServer, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        execute(primaryServer, "CREATE SCHEMA " + SCHEMA);
        String primary = primaryServer + "&currentSchema=" + SCHEMA;
        String replica = replicaServer + "&currentSchema=" + SCHEMA;
        List<Result> results = new ArrayList<>();
        try {
            long[] postIds;
            try (Blog blog = Blog.open(primary)) {
                postIds = fill(blog.repository());
            }
            List<Side> sides = List.of(
                    new Side("primary", BlogConfig.builder(primary).poolSize(THREADS + 1).build(), ALL_PHASES),
                    new Side("replica", BlogConfig.builder(primary).poolSize(THREADS + 1).readReplicas(replica)
                            .build(), ALL_PHASES),
                    new Side("direct", BlogConfig.builder(replica).readOnly(true).poolSize(THREADS + 1).build(),
                            Set.of("read_by_id")),
                    new Side("replica_no_wait", BlogConfig.builder(primary).poolSize(THREADS + 1).readReplicas(replica)
                            .readYourWritesTimeout(Duration.ZERO).build(), Set.of("write_then_read")));
            Benchmark.status("replicas: warming up");
            for (Side side : sides) {
                try (Blog blog = Blog.open(side.config())) {
                    phases(blog, side, postIds, 0.2, null);
                }
            }
            for (int run = 1; run <= runs; run++) {
                List<Side> order = new ArrayList<>(sides);
                if (run % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Side side : order) {
                    try (Blog blog = Blog.open(side.config())) {
                        phases(blog, side, postIds, 1.0, results);
                    }
                }
                Benchmark.status("replicas: run %d of %d done", run, runs);
            }
        } finally {
            execute(primaryServer, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Results.write(out, results);
        System.out.print(table(results, runs));
    }

    private static long[] fill(BlogRepository repo) {
        List<NewUser> users = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            users.add(new NewUser("user" + u, "user" + u + "@example.com"));
        }
        List<User> created = repo.createUsers(users);
        List<NewPost> posts = new ArrayList<>();
        for (int i = 0; i < USERS * POSTS_PER_USER; i++) {
            posts.add(new NewPost(created.get(i / POSTS_PER_USER).getId(), "post " + i, "body " + i, i % 2 == 0));
        }
        return repo.createPosts(posts).stream().mapToLong(Post::getId).toArray();
    }

    private static final Set<String> ALL_PHASES = Set.of("read_by_id", "write_then_read", "mixed_read_heavy");

    /** One way to reach the data: a Blog's configuration, and the phases it runs. */
    private record Side(String impl, BlogConfig config, Set<String> phases) {
    }

    /** The side's phases on one Blog; {@code share} of each phase's ops; results null: a warm-up. */
    private static void phases(Blog blog, Side side, long[] postIds, double share, List<Result> results)
            throws Exception {
        BlogRepository repo = blog.repository();
        SplitMix64 random = new SplitMix64(42);
        String impl = side.impl();
        if (side.phases().contains("read_by_id")) {
            readById(repo, impl, postIds, share, results, random);
        }
        if (side.phases().contains("write_then_read")) {
            writeThenRead(repo, impl, postIds, share, results, random);
        }
        if (side.phases().contains("mixed_read_heavy")) {
            mixed(repo, impl, postIds, share, results);
        }
    }

    private static void readById(BlogRepository repo, String impl, long[] postIds, double share,
            List<Result> results, SplitMix64 random) {
        int reads = (int) (READS * share);
        long started = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            long id = postIds[(int) random.nextId(postIds.length) - 1];
            if (repo.findPost(id).isEmpty()) {
                throw new BenchmarkFailure("post " + id + " not found");
            }
        }
        record(results, impl, "read_by_id", reads, started);
    }

    private static void writeThenRead(BlogRepository repo, String impl, long[] postIds, double share,
            List<Result> results, SplitMix64 random) {
        int writeReads = (int) (WRITE_READS * share);
        long started = System.nanoTime();
        for (int i = 0; i < writeReads; i++) {
            long id = postIds[(int) random.nextId(postIds.length) - 1];
            String title = impl + " title " + i + " " + System.nanoTime();
            repo.updatePost(id, post -> post.setTitle(title));
            String read = repo.findPost(id).orElseThrow().getTitle();
            if (!read.equals(title)) {
                throw new BenchmarkFailure("a read after one's own write saw '" + read + "', not '" + title + "'");
            }
        }
        record(results, impl, "write_then_read", writeReads, started);
    }

    private static void mixed(BlogRepository repo, String impl, long[] postIds, double share, List<Result> results)
            throws Exception {
        int perThread = (int) (MIXED_PER_THREAD * share);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            long started = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                SplitMix64 own = new SplitMix64(1000 + t);
                done.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long id = postIds[(int) own.nextId(postIds.length) - 1];
                        int kind = (int) own.nextId(10) - 1;
                        if (kind == 0) {
                            repo.updatePost(id, post -> post.setTitle("mixed " + id));
                        } else if (kind <= 5) {
                            repo.findPost(id).orElseThrow();
                        } else if (kind <= 8) {
                            repo.publishedPostViews(null, 10);
                        } else {
                            repo.countPublishedPosts();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            record(results, impl, "mixed_read_heavy", (long) perThread * THREADS, started);
        } finally {
            threads.shutdown();
            threads.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static void record(List<Result> results, String impl, String phase, long ops, long started) {
        Result result = new Result(impl, phase, ops, (System.nanoTime() - started) / 1e9);
        if (results != null) {
            results.add(result);
            System.out.println(result.json());
        }
    }

    /**
     * One line per comparison: the two sides' median ops/s, the steady ratio (median of runs 3..N, all runs if
     * fewer), the cold runs' ratios, and the cost per operation (the difference of the median times per op).
     */
    static String table(List<Result> results, int runs) {
        StringBuilder table = new StringBuilder("Read replicas: ops/s of a side against a baseline, " + runs
                + " run(s)\n");
        String format = "%-40s %12s %12s %8s %12s %10s%n";
        table.append(String.format(Locale.ROOT, format, "phase: side vs baseline", "baseline/s", "side/s", "ratio",
                "cold (1, 2)", "us/op"));
        String[][] lines = {
            {"read_by_id", "replica", "primary"},
            {"read_by_id", "replica", "direct"},
            {"write_then_read", "replica", "primary"},
            {"write_then_read", "replica_no_wait", "primary"},
            {"mixed_read_heavy", "replica", "primary"},
        };
        for (String[] line : lines) {
            double[] base = opsPerSecond(results, line[2], line[0]);
            double[] side = opsPerSecond(results, line[1], line[0]);
            int n = Math.min(base.length, side.length);
            double[] ratios = new double[n];
            for (int k = 0; k < n; k++) {
                ratios[k] = side[k] / base[k];
            }
            String cold = n > 1 ? String.format(Locale.ROOT, "%.2f, %.2f", ratios[0], ratios[1])
                    : n == 1 ? String.format(Locale.ROOT, "%.2f", ratios[0]) : "-";
            double baseOps = Results.median(n > 2 ? Arrays.copyOfRange(base, 2, n) : base);
            double sideOps = Results.median(n > 2 ? Arrays.copyOfRange(side, 2, n) : side);
            table.append(String.format(Locale.ROOT, format, line[0] + ": " + line[1] + " vs " + line[2],
                    String.format(Locale.ROOT, "%,.0f", baseOps), String.format(Locale.ROOT, "%,.0f", sideOps),
                    String.format(Locale.ROOT, "%.2f", Results.median(n > 2 ? Arrays.copyOfRange(ratios, 2, n)
                            : ratios)), cold, String.format(Locale.ROOT, "%+.0f", 1e6 / sideOps - 1e6 / baseOps)));
        }
        return table.toString();
    }

    private static double[] opsPerSecond(List<Result> results, String impl, String phase) {
        return results.stream().filter(r -> r.impl().equals(impl) && r.phase().equals(phase))
                .mapToDouble(Result::opsPerSecond).toArray();
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String script(String action, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(".ci/replication-pair", action, name).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new BenchmarkFailure(".ci/replication-pair " + action + " " + name + " failed: " + output);
        }
        return output.lines().reduce((first, second) -> second).orElse("").strip();
    }
}
