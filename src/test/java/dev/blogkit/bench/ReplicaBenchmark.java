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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20, point 5: what read replicas cost and give, on a throwaway primary and streaming replica
 * ({@code .ci/replication-pair}), in the benchmark's style: each phase run by a Blog on the primary alone
 * ({@code primary}) and by a Blog with the replica ({@code replica}), side by side in one JVM run, the ratio
 * replica ÷ primary of their ops/s (above 1: the replica side is faster); several runs, the first two reported
 * as cold, the ratio the median of runs 3 to N.
 *
 * <ul>
 *   <li>{@code read_by_id}: findPost of a random post, 5,000 times, one thread. The replica side has written
 *       nothing, so no read waits for a position: the cost of routing alone (which pool, whether the replica is
 *       healthy).</li>
 *   <li>{@code write_then_read}: updatePost of a random post, then findPost of it, which must show the new title,
 *       1,000 times, one thread. The replica side notes the primary's WAL position after each write and checks the
 *       replica's replayed position before each read (one round trip each), waiting while it replays: the cost of
 *       reading one's own writes.</li>
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
            BlogConfig primaryOnly = BlogConfig.builder(primary).poolSize(THREADS + 1).build();
            BlogConfig withReplica = BlogConfig.builder(primary).poolSize(THREADS + 1).readReplicas(replica).build();
            Benchmark.status("replicas: warming up");
            for (BlogConfig config : List.of(primaryOnly, withReplica)) {
                try (Blog blog = Blog.open(config)) {
                    phases(blog, "warmup", postIds, 0.2, new ArrayList<>());
                }
            }
            for (int run = 1; run <= runs; run++) {
                List<BlogConfig> order = run % 2 == 1 ? List.of(primaryOnly, withReplica) : List.of(withReplica, primaryOnly);
                for (BlogConfig config : order) {
                    try (Blog blog = Blog.open(config)) {
                        phases(blog, config == primaryOnly ? "primary" : "replica", postIds, 1.0, results);
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

    /** The three phases on one Blog; {@code share} of each phase's ops (a smaller warm-up). */
    private static void phases(Blog blog, String impl, long[] postIds, double share, List<Result> results)
            throws Exception {
        BlogRepository repo = blog.repository();
        SplitMix64 random = new SplitMix64(42);

        int reads = (int) (READS * share);
        long started = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            long id = postIds[(int) random.nextId(postIds.length) - 1];
            if (repo.findPost(id).isEmpty()) {
                throw new BenchmarkFailure("post " + id + " not found");
            }
        }
        record(results, impl, "read_by_id", reads, started);

        int writeReads = (int) (WRITE_READS * share);
        started = System.nanoTime();
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

        int perThread = (int) (MIXED_PER_THREAD * share);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            started = System.nanoTime();
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
        if (!impl.equals("warmup")) {
            results.add(result);
            System.out.println(result.json());
        }
    }

    /** Per phase: each side's median ops/s, the steady ratio (median of runs 3..N, all runs if fewer), cold runs. */
    static String table(List<Result> results, int runs) {
        StringBuilder table = new StringBuilder("Read replicas: a Blog with the replica vs one on the primary alone, "
                + "ops/s, " + runs + " run(s)\n");
        String format = "%-18s %14s %14s %16s %12s %14s%n";
        table.append(String.format(Locale.ROOT, format, "phase", "primary ops/s", "replica ops/s",
                "replica/primary", "cold (1, 2)", "cost/op (us)"));
        for (String phase : List.of("read_by_id", "write_then_read", "mixed_read_heavy")) {
            double[] primary = results.stream().filter(r -> r.impl().equals("primary") && r.phase().equals(phase))
                    .mapToDouble(Result::opsPerSecond).toArray();
            double[] replica = results.stream().filter(r -> r.impl().equals("replica") && r.phase().equals(phase))
                    .mapToDouble(Result::opsPerSecond).toArray();
            int n = Math.min(primary.length, replica.length);
            double[] ratios = new double[n];
            for (int k = 0; k < n; k++) {
                ratios[k] = replica[k] / primary[k];
            }
            double[] steady = n > 2 ? Arrays.copyOfRange(ratios, 2, n) : ratios;
            String cold = n > 1 ? String.format(Locale.ROOT, "%.2f, %.2f", ratios[0], ratios[1])
                    : n == 1 ? String.format(Locale.ROOT, "%.2f", ratios[0]) : "-";
            double primaryOps = Results.median(n > 2 ? Arrays.copyOfRange(primary, 2, n) : primary);
            double replicaOps = Results.median(n > 2 ? Arrays.copyOfRange(replica, 2, n) : replica);
            table.append(String.format(Locale.ROOT, format, phase, String.format(Locale.ROOT, "%,.0f", primaryOps),
                    String.format(Locale.ROOT, "%,.0f", replicaOps), String.format(Locale.ROOT, "%.2f", Results.median(steady)),
                    cold, String.format(Locale.ROOT, "%+.0f", 1e6 / replicaOps - 1e6 / primaryOps)));
        }
        return table.toString();
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
