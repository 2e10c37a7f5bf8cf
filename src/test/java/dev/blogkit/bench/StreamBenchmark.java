package dev.blogkit.bench;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.model.Post;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Issue 4, point 6: BlogRepository.forEachPublishedPost walks 1,000,000 published posts in constant memory. Run in
 * a JVM of its own with -Xmx64m (the bench profile does; it refuses a larger heap, which would prove nothing):
 *
 * <ol>
 *   <li>Blog.open on a new file migrates it, then closes;</li>
 *   <li>plain JDBC fills it, in this same 64 MB JVM, in batches of 10,000 rows and a commit every 100,000: 20,000
 *       users and 2,000,000 posts by the workload's rules (post i at 2024-01-01 + i s, published when i is even,
 *       user u writes posts u*100 .. u*100+99), so that half, 1,000,000, are published. JDBC because BlogKit's
 *       createPosts inserts row by row (Hibernate does not batch IDENTITY inserts) and would take minutes here;
 *       the fill is untimed and not what this check measures;</li>
 *   <li>Blog.open again, and forEachPublishedPost is timed: every post must come newest first, strictly
 *       descending (createdAt, id), and be exactly the next published post of the data set, author loaded.</li>
 * </ol>
 *
 * It prints one JSON line, {"impl":"blogkit","phase":"stream_published",...}, and appends it to the results file.
 */
public final class StreamBenchmark {

    private static final long MAX_HEAP = 64L * 1024 * 1024;
    private static final int USERS = 20_000;
    private static final long POSTS = 2_000_000;
    private static final long PUBLISHED = POSTS / 2;
    private static final int BATCH = 10_000;
    private static final int COMMIT_EVERY = 100_000;

    private StreamBenchmark() {
    }

    public static void main(String[] args) {
        try {
            Benchmark.Options options = Benchmark.Options.parse(args);
            run(options);
        } catch (BenchmarkFailure e) {
            System.out.flush();
            System.err.println("BENCHMARK FAILED: stream_published: " + e.getMessage());
            System.exit(1);
        } catch (Throwable e) {
            System.out.flush();
            System.err.println("BENCHMARK FAILED: stream_published: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Benchmark.Options options) throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap > MAX_HEAP) {
            throw new BenchmarkFailure("the heap may grow to " + maxHeap / (1024 * 1024) + " MB: run this JVM with -Xmx64m");
        }
        Files.createDirectories(options.tmp());
        Path dir = Files.createTempDirectory(options.tmp(), "stream-");
        try {
            Path file = dir.resolve("blogkit.db");
            String url = "jdbc:sqlite:" + file;
            BlogConfig config = BlogConfig.builder(url).busyTimeout(Duration.ofMillis(5000)).build();
            Blog.open(config).close();

            long fillStart = System.nanoTime();
            fill(url);
            Benchmark.status("stream: %,d users and %,d posts inserted by JDBC in %.1f s", USERS, POSTS,
                    (System.nanoTime() - fillStart) / 1e9);

            try (Blog blog = Blog.open(config)) {
                OrderCheck check = new OrderCheck();
                resetPeakHeap();
                System.gc();
                long start = System.nanoTime();
                long handed = blog.repository().forEachPublishedPost(check);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (handed != PUBLISHED || check.count != PUBLISHED) {
                    throw new BenchmarkFailure("forEachPublishedPost returned " + handed + " and handed over "
                            + check.count + " posts, expected " + PUBLISHED);
                }
                Result result = new Result("blogkit", "stream_published", PUBLISHED, seconds);
                System.out.println(result.json());
                System.out.flush();
                Results.append(options.out(), result);
                Benchmark.status("stream: %,d published posts in order, newest first, in a heap of %d MB; peak heap "
                        + "used during the walk %.1f MB; appended to %s", PUBLISHED, maxHeap / (1024 * 1024),
                        peakHeap() / (1024.0 * 1024), options.out());
            }
        } finally {
            Benchmark.deleteRecursively(dir);
        }
    }

    /** The data of the workload's rules, at 2,000,000 posts, in batches that keep this JVM's heap small. */
    private static void fill(String url) throws SQLException {
        Properties settings = new Properties();
        settings.setProperty("foreign_keys", "true");
        settings.setProperty("journal_mode", "WAL");
        settings.setProperty("synchronous", "NORMAL");
        settings.setProperty("busy_timeout", "5000");
        try (Connection connection = DriverManager.getConnection(url, settings)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO users (username, email, created_at) VALUES (?, ?, ?)")) {
                for (int u = 0; u < USERS; u++) {
                    insert.setString(1, Dataset.username(u));
                    insert.setString(2, Dataset.email(u));
                    insert.setLong(3, Dataset.userCreatedAt(u).toEpochMilli());
                    insert.addBatch();
                    if ((u + 1) % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO posts (author_id, title, body, published, created_at, slug, published_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (long i = 0; i < POSTS; i++) {
                    insert.setLong(1, Dataset.userId((int) (i / Dataset.POSTS_PER_USER)));
                    insert.setString(2, Dataset.title(i));
                    insert.setString(3, Dataset.body(i));
                    insert.setBoolean(4, Dataset.published(i));
                    insert.setLong(5, Dataset.postCreatedAt(i).toEpochMilli());
                    insert.setString(6, "post-" + i); // unique; BlogKit's own posts claim theirs in post_slugs too
                    if (Dataset.published(i)) {
                        insert.setLong(7, Dataset.postCreatedAt(i).toEpochMilli());
                    } else {
                        insert.setNull(7, java.sql.Types.BIGINT);
                    }
                    insert.setLong(8, Dataset.postCreatedAt(i).toEpochMilli());
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        insert.executeBatch();
                    }
                    if ((i + 1) % COMMIT_EVERY == 0) {
                        connection.commit();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    /**
     * Counts the posts and holds each to the one expected next: the published posts newest first are
     * i = 1,999,998, 1,999,996, ..., 0 (id i + 1), each by user i / 100. That is strictly descending
     * (createdAt, id), and nothing skipped or repeated.
     */
    private static final class OrderCheck implements java.util.function.Consumer<Post> {

        long count;
        private long previousCreatedAt = Long.MAX_VALUE;
        private long previousId = Long.MAX_VALUE;

        @Override
        public void accept(Post post) {
            long createdAt = post.getCreatedAt().toEpochMilli();
            long id = post.getId();
            if (createdAt > previousCreatedAt || (createdAt == previousCreatedAt && id >= previousId)) {
                throw new BenchmarkFailure("post " + count + " of the walk, id " + id + " at " + post.getCreatedAt()
                        + ", is not older than the one before it, id " + previousId);
            }
            long i = POSTS - 2 - 2 * count;
            String username = post.getAuthor().getUsername();
            if (id != Dataset.postId(i) || createdAt != Dataset.postCreatedAt(i).toEpochMilli() || !post.isPublished()
                    || !username.equals(Dataset.username((int) (i / Dataset.POSTS_PER_USER)))) {
                throw new BenchmarkFailure("post " + count + " of the walk is id " + id + " by " + username
                        + ", expected id " + Dataset.postId(i) + " by "
                        + Dataset.username((int) (i / Dataset.POSTS_PER_USER)));
            }
            previousCreatedAt = createdAt;
            previousId = id;
            count++;
        }
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since {@link #resetPeakHeap()}: an upper bound of the heap used at once. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
