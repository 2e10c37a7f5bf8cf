package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One Blog shared by many threads on one database: no "database is locked", no lost write. */
@ParameterizedClass
@EnumSource(TestTarget.Kind.class)
class ConcurrencyTest {

    static final int WRITERS = 8;
    static final int READERS = 4;
    static final int POSTS_PER_WRITER = 60;

    @Parameter
    TestTarget.Kind kind;
    @TempDir
    Path dir;
    TestTarget target;

    @org.junit.jupiter.api.BeforeEach
    void createTarget() {
        target = TestTarget.create(kind, dir);
    }

    @org.junit.jupiter.api.AfterEach
    void dropTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void eightWritersAndFourReadersShareOneBlogWithoutLockErrorsOrLostWrites() throws Exception {
        try (Blog blog = Blog.open(target.url())) {
            BlogRepository repo = blog.repository();
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            List<Long> createdIds = Collections.synchronizedList(new ArrayList<>());
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(threads.submit((Callable<Void>) () -> {
                        start.await();
                        User user = repo.createUser("writer" + writer, "writer" + writer + "@example.com");
                        for (int i = 0; i < POSTS_PER_WRITER; i++) {
                            Post post = repo.createPost(user.getId(), "post " + i, "by writer " + writer, false);
                            createdIds.add(post.getId());
                            repo.updatePost(post.getId(), p -> {
                                p.setPublished(true);
                                p.setTitle(p.getTitle() + " (published)");
                            });
                            if (i % 10 == 9) {
                                repo.updateUser(user.getId(), u -> u.setBio("wrote " + post.getTitle()));
                            }
                        }
                        return null;
                    }));
                }
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    readers.add(threads.submit((Callable<Void>) () -> {
                        start.await();
                        while (writing.get()) {
                            List<Post> page = repo.listPublishedPosts(1, 20);
                            page.forEach(p -> assertThat(p.getAuthor().getUsername()).startsWith("writer"));
                            long count = repo.countPublishedPosts();
                            assertThat(count).isBetween(0L, (long) WRITERS * POSTS_PER_WRITER);
                            repo.postCountsByUser();
                            repo.findUserWithPosts(1).ifPresent(u -> assertThat(u.getPosts()).hasSizeLessThanOrEqualTo(POSTS_PER_WRITER));
                            reads.addAndGet(4);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> writer : writers) {
                    writer.get(5, TimeUnit.MINUTES);
                }
                writing.set(false);
                for (Future<?> reader : readers) {
                    reader.get(1, TimeUnit.MINUTES);
                }
            } finally {
                writing.set(false);
                threads.shutdownNow();
            }

            int total = WRITERS * POSTS_PER_WRITER;
            Set<Long> distinct = new HashSet<>(createdIds);
            assertThat(distinct).hasSize(total);
            assertThat(repo.countPublishedPosts()).isEqualTo(total);
            assertThat(repo.postCountsByUser()).hasSize(WRITERS)
                    .allSatisfy(row -> assertThat(row.postCount()).isEqualTo(POSTS_PER_WRITER));
            assertThat(target.count("SELECT count(*) FROM posts WHERE title LIKE '% (published)' AND published = true"))
                    .isEqualTo(total);
            assertThat(target.count("SELECT count(*) FROM users WHERE bio = 'wrote post " + (POSTS_PER_WRITER - 1) + "'"))
                    .isEqualTo(WRITERS);
            assertThat(reads.get()).isPositive();
        }
    }

    @Test
    void twoBlogsOnOneFileTakeTurnsThroughSqlitesWriteLock() throws Exception {
        try (Blog first = Blog.open(target.url()); Blog second = Blog.open(target.url())) {
            User author = first.repository().createUser("alice", "alice@example.com");
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    BlogRepository repo = (w % 2 == 0 ? first : second).repository();
                    int writer = w;
                    writers.add(threads.submit((Callable<Void>) () -> {
                        for (int i = 0; i < 40; i++) {
                            // read, then write, in one transaction: SQLite would refuse the lock upgrade of a
                            // DEFERRED transaction at once; IMMEDIATE waits at BEGIN instead
                            Post post = repo.createPost(author.getId(), "w" + writer + " p" + i, "body", false);
                            repo.updatePost(post.getId(), p -> p.setPublished(true));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get(5, TimeUnit.MINUTES);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(second.repository().countPublishedPosts()).isEqualTo(8 * 40);
        }
    }
}
