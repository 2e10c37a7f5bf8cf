package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Read replicas on a real primary and streaming replica ({@link ReplicationPair}): reads go to the replica, writes to
 * the primary; a Blog always reads its own writes, with replay paused on the replica too; a write token carries that
 * to another Blog; a stopped replica is skipped and used again, and with the primary stopped reads go on while
 * writes fail in bounded time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.parallel.ResourceLock(ReplicationPair.LOCK)
class ReadReplicasTest {

    /** What "bounded" means here: far beyond the 2-second timeouts of {@link ReplicationPair#config()}. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private ReplicationPair pair;

    @BeforeAll
    void startPair() throws Exception {
        pair = ReplicationPair.startMigrated();
    }

    @AfterAll
    void dropSchema() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static boolean readFromReplica(Blog blog) {
        return ReplicationPair.readFromReplica(blog);
    }

    @Test
    void readsGoToTheReplicaWhileWritesAndRepositoryTransactionsGoToThePrimary() {
        try (Blog blog = Blog.open(pair.config().build())) {
            assertThat(readFromReplica(blog)).as("a read answered by the replica").isTrue();
            assertThat(blog.readReplicasInUse()).containsExactly(pair.replicaUrl());
            boolean written = blog.inTransaction(session -> session.createNativeQuery(
                    "SELECT pg_is_in_recovery()", Boolean.class).getSingleResult());
            assertThat(written).as("a write transaction runs on the primary").isFalse();
            User alice = blog.repository().createUser("alice", "alice@example.com");
            Optional<User> inside = blog.inRepositoryTransaction(repo -> repo.findUser(alice.getId()));
            assertThat(inside).isPresent();
            assertThat(blog.repository().findUserByUsername("alice")).isPresent();
            // every kind of read runs on a replica: a snapshot of several statements (REPEATABLE READ, which a hot
            // standby allows), a search, a walk in batches of a stateful session
            Post post = blog.repository().createPost(alice.getId(), "Replicated search", "Words to find", true);
            assertThat(blog.repository().publishedPostsPage(1, 10).totalItems()).isPositive();
            assertThat(blog.repository().searchPosts("replicated", 1, 10).items())
                    .extracting(hit -> hit.post().id()).contains(post.getId());
            List<Long> walked = new ArrayList<>();
            blog.repository().forEachPublishedPost(p -> walked.add(p.getId()));
            assertThat(walked).contains(post.getId());
            assertThat(readFromReplica(blog)).isTrue();
            assertThat(checkThreads()).as("the Blog's replica checks run").isNotEmpty();
        }
        eventually(() -> checkThreads().isEmpty());
    }

    private static List<Thread> checkThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("blogkit-replica-check-") && t.isAlive()).toList();
    }

    @Test
    void readsAreSpreadOverTheHealthyReplicas() {
        // two replicas that are one server, told apart by the name their connections give it
        BlogConfig config = pair.config().readReplicas(pair.replicaUrl() + "&ApplicationName=replica-a",
                pair.replicaUrl() + "&ApplicationName=replica-b").build();
        try (Blog blog = Blog.open(config)) {
            List<String> servedBy = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                servedBy.add(blog.inReadTransaction(session -> session.createNativeQuery(
                        "SELECT current_setting('application_name')", String.class).getSingleResult()));
            }
            assertThat(servedBy).containsOnly("replica-a", "replica-b");
            assertThat(servedBy.stream().filter("replica-a"::equals).count()).isEqualTo(5);
            assertThat(blog.readReplicasInUse()).hasSize(2);
        }
    }

    @Test
    void aBlogReadsItsOwnWriteWhileReplayIsPausedAndAnotherBlogSeesItWithTheWriteToken() throws Exception {
        try (Blog writer = Blog.open(pair.config().build());
             Blog other = Blog.open(pair.config().build())) {
            // both have caught up with what was there before
            assertThat(readFromReplica(other)).isTrue();
            pair.pauseReplay();
            try {
                User bob = writer.repository().createUser("bob", "bob@example.com");
                Post post = writer.repository().createPost(bob.getId(), "Paused", "Replay is paused", true);

                long started = System.nanoTime();
                assertThat(writer.repository().findPost(post.getId())).as("one's own write, at once").isPresent();
                assertThat(writer.repository().findUserByUsername("bob")).isPresent();
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("two reads, each waiting at most readYourWritesTimeout (100 ms) for the replica")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(readFromReplica(writer)).as("the replica has not replayed it: the primary answers").isFalse();

                assertThat(other.repository().findPost(post.getId()))
                        .as("another Blog, which asks for nothing, reads the paused replica").isEmpty();
                assertThat(readFromReplica(other)).isTrue();

                String token = writer.writeToken();
                assertThat(token).isNotEmpty();
                assertThat(other.repositoryAfter(token).findPost(post.getId())).as("with the writer's token").isPresent();
                User found = other.inReadTransactionAfter(token, session -> session.find(User.class, bob.getId()));
                assertThat(found).isNotNull();
                assertThat(other.repositoryAfter("").findPost(post.getId())).as("the empty token asks for nothing")
                        .isEmpty();
            } finally {
                pair.resumeReplay();
            }
            eventually(() -> readFromReplica(writer));
            assertThat(other.repository().findUserByUsername("bob")).as("replayed now").isPresent();
        }
    }

    @Test
    void ownWritesAreAlwaysReadBackUnderConcurrentLoad() throws Exception {
        try (Blog blog = Blog.open(pair.config().poolSize(8).build())) {
            User carol = blog.repository().createUser("carol", "carol@example.com");
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    results.add(threads.submit(() -> {
                        int missed = 0;
                        for (int i = 0; i < 50; i++) {
                            Post post = blog.repository().createPost(carol.getId(), "t" + thread + " p" + i, "b", true);
                            if (blog.repository().findPost(post.getId()).isEmpty()) {
                                missed++;
                            }
                            if (blog.repository().postsByAuthor(carol.getId()).stream()
                                    .noneMatch(p -> p.getId().equals(post.getId()))) {
                                missed++;
                            }
                        }
                        return missed;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertThat(result.get()).as("reads that missed their own thread's write").isZero();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(blog.repository().postsByAuthor(carol.getId())).hasSize(200);
            assertThat(readFromReplica(blog)).as("reads still go to the replica").isTrue();
        }
    }

    @Test
    void aStoppedReplicaIsSkippedInBoundedTimeAndUsedAgainOnceItAnswers() throws Exception {
        try (Blog blog = Blog.open(pair.config().build())) {
            User dave = blog.repository().createUser("dave", "dave@example.com");
            assertThat(readFromReplica(blog)).isTrue();
            pair.stopReplica();
            try {
                assertTimeoutPreemptively(BOUND, () -> {
                    assertThat(blog.repository().findUser(dave.getId())).isPresent();
                    assertThat(blog.repository().findUserByUsername("dave")).isPresent();
                    assertThat(readFromReplica(blog)).as("the primary answers").isFalse();
                });
                eventually(() -> blog.readReplicasInUse().isEmpty());
            } finally {
                pair.startReplica();
            }
            eventually(() -> !blog.readReplicasInUse().isEmpty());
            assertThat(readFromReplica(blog)).as("back in the rotation").isTrue();
            assertThat(blog.repository().findUser(dave.getId())).isPresent();
        }
    }

    @Test
    void aFrozenReplicaIsSkippedInBoundedTimeAndUsedAgainOnceItAnswers() throws Exception {
        try (Blog blog = Blog.open(pair.config().build())) {
            User kim = blog.repository().createUser("kim", "kim@example.com");
            eventually(() -> readFromReplica(blog));
            pair.freezeReplica();
            try {
                long started = System.nanoTime();
                eventually(() -> blog.readReplicasInUse().isEmpty());
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("the checks give up on a replica that does not answer within 2 s, every 200 ms here")
                        .isLessThan(Duration.ofSeconds(10));
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    assertThat(blog.repository().findUser(kim.getId())).isPresent();
                    assertThat(blog.repository().countPublishedPosts()).isNotNegative();
                    assertThat(readFromReplica(blog)).as("skipped now: the primary answers at once").isFalse();
                });
            } finally {
                pair.thawReplica();
            }
            eventually(() -> !blog.readReplicasInUse().isEmpty());
            assertThat(readFromReplica(blog)).isTrue();
        }
    }

    @Test
    void withThePrimaryStoppedReadsGoOnFromTheReplicaAndWritesFailInBoundedTime() throws Exception {
        try (Blog blog = Blog.open(pair.config().build())) {
            User erin = blog.repository().createUser("erin", "erin@example.com");
            eventually(() -> readFromReplica(blog));
            pair.stopPrimary();
            try {
                assertTimeoutPreemptively(BOUND, () -> {
                    assertThat(blog.repository().findUser(erin.getId())).as("one's own write, from the replica")
                            .isPresent();
                    assertThat(blog.repository().countPublishedPosts()).isNotNegative();
                    assertThat(readFromReplica(blog)).isTrue();
                    assertThatThrownBy(() -> blog.repository().createUser("frank", "frank@example.com"))
                            .isInstanceOf(BlogException.class);
                    assertThatThrownBy(() -> blog.repository().deleteUser(erin.getId()))
                            .isInstanceOf(BlogException.class);
                });
            } finally {
                pair.startPrimary();
            }
            eventually(() -> {
                try {
                    blog.repository().createUser("frank", "frank@example.com");
                    return true;
                } catch (BlogException stillDown) {
                    return false;
                }
            });
            assertThat(blog.repository().findUserByUsername("frank")).as("read after the write, once more").isPresent();
            assertThat(blog.repository().findUser(erin.getId())).as("nothing was lost").isPresent();
        }
    }

    @Test
    void aReplicaThatLagsPastTheLimitIsSkippedUntilItCatchesUp() throws Exception {
        try (Blog writer = Blog.open(pair.config().build());
             Blog reader = Blog.open(pair.config().maxReplicaLag(Duration.ofMillis(500)).build())) {
            assertThat(readFromReplica(reader)).isTrue();
            pair.pauseReplay();
            try {
                User heidi = writer.repository().createUser("heidi", "heidi@example.com");
                eventually(() -> reader.readReplicasInUse().isEmpty());
                assertThat(readFromReplica(reader)).as("the primary answers instead").isFalse();
                assertThat(reader.repository().findUser(heidi.getId()))
                        .as("a read that asks for nothing is stale by at most the limit: it sees the write now")
                        .isPresent();
            } finally {
                pair.resumeReplay();
            }
            eventually(() -> !reader.readReplicasInUse().isEmpty());
            assertThat(readFromReplica(reader)).isTrue();
        }
    }

    @Test
    void aReplicaThatIsDownWhenTheBlogOpensIsUsedOnceItAnswers() throws Exception {
        pair.stopReplica();
        try {
            try (Blog blog = assertTimeoutPreemptively(BOUND, () -> Blog.open(pair.config().build()))) {
                assertThat(blog.readReplicasInUse()).isEmpty();
                User ivan = blog.repository().createUser("ivan", "ivan@example.com");
                assertThat(blog.repository().findUser(ivan.getId())).isPresent();
                assertThat(readFromReplica(blog)).isFalse();
                pair.startReplica();
                eventually(() -> readFromReplica(blog));
                assertThat(blog.repository().findUser(ivan.getId())).isPresent();
            }
        } finally {
            pair.startReplica();
        }
    }

    @Test
    void aPrimaryGivenAsAMultiHostUrlIsFoundAmongTheServers() {
        // pgJDBC tries the hosts in order and keeps the one that takes writes: how a primary that fails over is given
        String hosts = "127.0.0.1:" + pair.replicaPort() + ",127.0.0.1:" + pair.primaryPort();
        String primary = "jdbc:postgresql://" + hosts + "/postgres?user=postgres&currentSchema=" + pair.schema
                + "&targetServerType=primary";
        try (Blog blog = Blog.open(BlogConfig.builder(primary).readReplicas(pair.replicaUrl()).build())) {
            User judy = blog.repository().createUser("judy", "judy@example.com");
            assertThat(blog.repository().findUser(judy.getId())).isPresent();
            eventually(() -> readFromReplica(blog));
        }
    }

    @Test
    void aWriteWhosePositionIsNotKnownSendsTheReadsToThePrimaryUntilALaterPositionCoversIt() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(pair.primaryUrl());
            pool.setMaximumPoolSize(4);
            pool.setAutoCommit(false);
            FailingDataSource primary = new FailingDataSource(pool);
            // checks once at open, then not for an hour: only a later write can cover the lost position
            BlogConfig config = BlogConfig.builder(primary).readReplicas(pair.replicaUrl())
                    .replicaCheckInterval(Duration.ofHours(1)).build();
            try (Blog blog = Blog.open(config)) {
                User leo = blog.repository().createUser("leo", "leo@example.com");
                eventually(() -> readFromReplica(blog));
                String before = blog.writeToken();
                // the write's connection is the first; the second, which asks the primary its position, fails
                primary.failOnThisThread(2);
                Post lost = blog.repository().createPost(leo.getId(), "Position lost", "b", true);
                assertThat(primary.failed()).as("the position query's connection was refused").isTrue();
                assertThat(blog.writeToken()).as("the token covers what is known").isEqualTo(before);
                for (int i = 0; i < 5; i++) {
                    assertThat(readFromReplica(blog)).as("every read on the primary while it is not known").isFalse();
                    assertThat(blog.repository().findPost(lost.getId())).isPresent();
                }
                blog.repository().createPost(leo.getId(), "Position known", "b", true);
                assertThat(blog.writeToken()).as("a later write's position covers both").isNotEqualTo(before);
                eventually(() -> readFromReplica(blog));
                assertThat(blog.repository().postsByAuthor(leo.getId())).hasSize(2);
            }
        }
    }

    /** The application's pool to the primary, which can be told to refuse one connection to the calling thread. */
    private static final class FailingDataSource implements javax.sql.DataSource {
        private final javax.sql.DataSource pool;
        private final ThreadLocal<int[]> countdown = new ThreadLocal<>();
        private volatile boolean failed;

        FailingDataSource(javax.sql.DataSource pool) {
            this.pool = pool;
        }

        /** The {@code n}th connection this thread asks for from now on is refused. */
        void failOnThisThread(int n) {
            countdown.set(new int[] {n});
        }

        boolean failed() {
            return failed;
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            int[] left = countdown.get();
            if (left != null && --left[0] == 0) {
                countdown.remove();
                failed = true;
                throw new java.sql.SQLTransientConnectionException("refused by the test", "08001");
            }
            return pool.getConnection();
        }

        @Override
        public java.sql.Connection getConnection(String user, String password) throws java.sql.SQLException {
            return getConnection();
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws java.sql.SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws java.sql.SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws java.sql.SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws java.sql.SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws java.sql.SQLException {
            return pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws java.sql.SQLException {
            return pool.isWrapperFor(type);
        }
    }

    @Test
    void replicasGivenAsTheApplicationsDataSourcesServeReadsAndAreNotClosed() {
        try (HikariDataSource replica = new HikariDataSource()) {
            replica.setJdbcUrl(pair.replicaUrl());
            replica.setMaximumPoolSize(2);
            try (Blog blog = Blog.open(pair.config().readReplicas(replica).build())) {
                User grace = blog.repository().createUser("grace", "grace@example.com");
                assertThat(blog.repository().findUser(grace.getId())).isPresent();
                eventually(() -> readFromReplica(blog));
            }
            assertThat(replica.isClosed()).as("the application's pool is its own").isFalse();
        }
    }

    @Test
    void openRefusesAReplicaThatDoesNotReachThePrimarysSchemaAndAServerThatIsNotAReplica() throws Exception {
        // a new schema, migrated on the primary while the replica replays nothing
        String schema = pair.schema + "_late";
        pair.executeOnPrimary("CREATE SCHEMA " + schema);
        try {
            pair.pauseReplay();
            try {
                BlogConfig late = BlogConfig.builder(pair.primaryUrl().replace(pair.schema, schema))
                        .readReplicas(pair.replicaUrl().replace(pair.schema, schema))
                        .connectionTimeout(Duration.ofSeconds(1)).build();
                assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> Blog.open(late).close())
                        .isInstanceOf(BlogException.class)
                        .hasMessageContaining(late.readReplicas().get(0).displayName())
                        .hasMessageContaining("is not at the primary's schema"));
            } finally {
                pair.resumeReplay();
            }
        } finally {
            pair.executeOnPrimary("DROP SCHEMA " + schema + " CASCADE");
        }
        BlogConfig primaryAsReplica = BlogConfig.builder(pair.primaryUrl())
                .readReplicas(pair.primaryUrl() + "&ApplicationName=not-a-replica").build();
        assertThatThrownBy(() -> Blog.open(primaryAsReplica).close()).isInstanceOf(BlogException.class)
                .hasMessageContaining("ApplicationName=not-a-replica").hasMessageContaining("is not a replica");
    }

    private static void eventually(BooleanSupplier condition) {
        ReplicationPair.eventually(BOUND, condition);
    }
}
