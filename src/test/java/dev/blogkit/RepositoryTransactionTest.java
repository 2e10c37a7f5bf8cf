package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Blog#inRepositoryTransaction}: calls that share one transaction, on each database. */
class RepositoryTransactionTest extends OnEachDatabase {

    @Test
    void aSignUpCreatesTheUserAndTheirFirstPostTogether() {
        Post first = blog.inRepositoryTransaction(r -> {
            User user = r.createUser("alice", "alice@example.com");
            return r.createPost(user.getId(), "Hello", "My first post", true);
        });

        User alice = repo.findUserByUsername("alice").orElseThrow();
        assertThat(first.getAuthor().getId()).isEqualTo(alice.getId());
        assertThat(repo.postsByAuthor(alice.getId())).extracting(Post::getId).containsExactly(first.getId());
    }

    @Test
    void anExceptionOutOfTheWorkRollsBackEveryCallInside() {
        User bob = repo.createUser("bob", "bob@example.com");
        RuntimeException stop = new IllegalStateException("payment refused");

        assertThatThrownBy(() -> blog.inRepositoryTransaction(r -> {
            User alice = r.createUser("alice", "alice@example.com");
            r.createPost(alice.getId(), "Hello", "body", true);
            r.editUser(bob.getId(), new UserEdit(null, null, "changed"));
            r.deleteUser(bob.getId());
            throw stop;
        })).isSameAs(stop);

        assertThat(repo.findUserByUsername("alice")).isEmpty();
        assertThat(repo.findUser(bob.getId()).orElseThrow().getBio()).isNull();
        assertThat(repo.countPublishedPosts()).isZero();
    }

    @Test
    void aCallThatBreaksARuleInsideRollsBackTheWholeUnlessTheWorkCatchesIt() {
        assertThatThrownBy(() -> blog.inRepositoryTransaction(r -> {
            r.createUser("alice", "alice@example.com");
            return r.createUser("", "nobody@example.com");
        })).isInstanceOf(InvalidInputException.class);
        assertThat(repo.findUserByUsername("alice")).isEmpty();
    }

    @Test
    void aFailedCallUndoesOnlyItsOwnWritesAndTheWorkCanGoOn() {
        User carol = blog.inRepositoryTransaction(r -> {
            r.createUser("alice", "alice@example.com");
            // the duplicate fails in the database: on PostgreSQL, the transaction must survive it
            assertThatThrownBy(() -> r.createUsers(List.of(new NewUser("bob", "bob@example.com"),
                    new NewUser("alice", "other@example.com"))))
                    .isInstanceOf(DuplicateException.class);
            return r.createUser("carol", "carol@example.com");
        });

        assertThat(repo.findUserByUsername("alice")).isPresent();
        assertThat(repo.findUserByUsername("bob")).as("the failed bulk call's own first row").isEmpty();
        assertThat(repo.findUser(carol.getId())).isPresent();
    }

    @Test
    void callsInsideSeeTheWritesMadeBeforeThemAndOthersSeeNothingBeforeTheCommit() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            blog.inRepositoryTransaction(r -> {
                User alice = r.createUser("alice", "alice@example.com");
                r.createPost(alice.getId(), "Hello", "body", true);
                assertThat(r.findUserByUsername("alice")).isPresent();
                assertThat(r.countPublishedPosts()).isEqualTo(1);
                assertThat(r.publishedPostViews(null, 10).items()).extracting(PostView::title).containsExactly("Hello");
                try {
                    assertThat(other.submit(() -> repo.findUserByUsername("alice")).get(10, TimeUnit.SECONDS))
                            .as("another thread, before the commit").isEmpty();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return null;
            });
            assertThat(other.submit(() -> repo.countPublishedPosts()).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void callsThroughTheBlogsOwnRepositoryOnTheSameThreadJoinTheTransaction() {
        assertThatThrownBy(() -> blog.inRepositoryTransaction(r -> {
            repo.createUser("alice", "alice@example.com");
            blog.inTransaction(session -> session.createNativeMutationQuery(
                    "UPDATE users SET bio = 'joined' WHERE username = 'alice'").executeUpdate());
            assertThat(r.findUserByUsername("alice").orElseThrow().getBio()).isEqualTo("joined");
            throw new IllegalStateException("undo it all");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(repo.findUserByUsername("alice")).isEmpty();
    }

    @Test
    void nestedUseIsRefusedAndLeavesTheOuterTransactionUsable() {
        User alice = blog.inRepositoryTransaction(r -> {
            User created = r.createUser("alice", "alice@example.com");
            assertThatThrownBy(() -> blog.inRepositoryTransaction(inner -> inner.createUser("bob", "bob@example.com")))
                    .isInstanceOf(BlogException.class)
                    .hasMessageContaining("do not nest");
            return created;
        });

        assertThat(repo.findUser(alice.getId())).isPresent();
        assertThat(repo.findUserByUsername("bob")).isEmpty();
    }

    @Test
    void theRepositoryItPassesIsRefusedOnAnotherThreadAndAfterTheWork() throws Exception {
        AtomicReference<BlogRepository> escaped = new AtomicReference<>();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            blog.inRepositoryTransaction(r -> {
                escaped.set(r);
                Future<User> elsewhere = other.submit(() -> r.createUser("bob", "bob@example.com"));
                assertThatThrownBy(() -> elsewhere.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(BlogException.class).hasMessageContaining("on that thread");
                return r.createUser("alice", "alice@example.com");
            });
        } finally {
            other.shutdownNow();
        }

        assertThatThrownBy(() -> escaped.get().createUser("carol", "carol@example.com"))
                .isInstanceOf(BlogException.class)
                .hasMessageContaining("has ended");
        assertThat(repo.findUserByUsername("bob")).isEmpty();
        assertThat(repo.findUserByUsername("carol")).isEmpty();
        assertThat(repo.findUserByUsername("alice")).isPresent();
    }

    @Test
    void concurrentTransactionsTakeTurnsAndEachIsAllOrNothing() throws Exception {
        User alice = repo.createUser("alice", "alice@example.com");
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return blog.inRepositoryTransaction(r -> {
                        // read-modify-write across two calls: the version read is still current at the write
                        long version = r.findUser(alice.getId()).orElseThrow().getVersion();
                        r.editUser(alice.getId(), version, new UserEdit(null, null, "edit " + n));
                        return r.createPost(alice.getId(), "Post " + n, "body", true).getId();
                    });
                }));
            }
            for (Future<Long> result : results) {
                if (kind == TestTarget.Kind.SQLITE) {
                    assertThat(result.get(60, TimeUnit.SECONDS)).isPositive();
                } else {
                    // PostgreSQL writers run side by side: a lost race is a ConflictException, and undoes its post
                    try {
                        result.get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        User after = repo.findUser(alice.getId()).orElseThrow();
        assertThat(repo.postsByAuthor(alice.getId())).hasSize((int) after.getVersion());
    }

    @Test
    void nullWorkIsRefused() {
        assertThatThrownBy(() -> blog.inRepositoryTransaction(null)).isInstanceOf(InvalidInputException.class);
    }
}
