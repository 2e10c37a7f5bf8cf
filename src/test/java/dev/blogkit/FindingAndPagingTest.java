package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Users by email and in pages, an author's posts and post counts in pages, pages with totals: on each database. */
class FindingAndPagingTest extends OnEachDatabase {

    /** Every item of a keyset listing, walking its pages; checks that each full page hands out a cursor. */
    static <T> List<T> walk(Function<String, CursorPage<T>> listing, int limit) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            CursorPage<T> page = listing.apply(cursor);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    @Test
    void findUserByEmailFindsTheUserAndNothingForAnUnknownEmail() {
        User alice = repo.createUser("alice", "alice@example.com");
        repo.createUser("bob", "bob@example.com");

        sql.clear();
        assertThat(repo.findUserByEmail("alice@example.com")).map(User::getId).contains(alice.getId());
        assertThat(sql.statements()).hasSize(1);
        assertThat(repo.findUserByEmail("carol@example.com")).isEmpty();
        assertThatThrownBy(() -> repo.findUserByEmail(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void listUsersWalksEveryUserOnceOldestFirstInOneStatementPerPage() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(repo.createUser("user" + i, "user" + i + "@example.com").getId());
        }
        sql.clear();
        CursorPage<User> first = repo.listUsers(null, 3);
        assertThat(sql.statements()).hasSize(1);
        assertThat(first.items()).extracting(User::getId).containsExactlyElementsOf(ids.subList(0, 3));

        assertThat(walk(c -> repo.listUsers(c, 3), 3)).extracting(User::getId).containsExactlyElementsOf(ids);
        assertThat(repo.listUsers(null, 7).next()).isEmpty();
        assertThatThrownBy(() -> repo.listUsers(null, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.listUsers(null, BlogRepository.MAX_LIMIT + 1))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aCursorOfOneListingIsRefusedByAnother() {
        User alice = repo.createUser("alice", "alice@example.com");
        repo.createUser("bob", "bob@example.com");
        repo.createPost(alice.getId(), "A", "b", true);
        repo.createPost(alice.getId(), "B", "b", true);
        String usersCursor = repo.listUsers(null, 1).nextCursor();
        String postsCursor = repo.postsByAuthor(alice.getId(), null, 1).nextCursor();

        assertThatThrownBy(() -> repo.postsByAuthor(alice.getId(), usersCursor, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> repo.listUsers(postsCursor, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.postCountsByUser(usersCursor, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.listUsers(usersCursor.substring(1), 1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void postsByAuthorPagesEveryPostOfTheAuthorDraftsAndScheduledIncludedNewestFirst() {
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        List<Long> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Post post = repo.createPost(alice.getId(), "Post " + i, "b", i % 2 == 0);
            newestFirst.add(0, post.getId());
        }
        repo.schedulePost(newestFirst.get(0), Instant.parse("2999-01-01T00:00:00Z"));
        repo.createPost(bob.getId(), "Bob's", "b", true);

        sql.clear();
        CursorPage<Post> first = repo.postsByAuthor(alice.getId(), null, 2);
        assertThat(sql.statements()).hasSize(1);
        assertThat(first.items()).allSatisfy(p -> assertThat(p.getAuthor().getUsername()).isEqualTo("alice"));

        List<Post> all = walk(c -> repo.postsByAuthor(alice.getId(), c, 2), 2);
        assertThat(all).extracting(Post::getId).containsExactlyElementsOf(newestFirst);
        assertThat(all.get(0).isScheduled()).isTrue();
        assertThat(all).filteredOn(p -> p.getPublishedAt() == null).hasSize(2);
        assertThat(all).extracting(Post::getId).containsExactlyElementsOf(
                repo.postsByAuthor(alice.getId()).stream().map(Post::getId).toList());
        assertThat(repo.postsByAuthor(999_999, null, 10).items()).isEmpty();
    }

    @Test
    void postCountsByUserPagesEveryUserMostPostsFirstWithTheirIds() {
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        User carol = repo.createUser("carol", "carol@example.com");
        User dave = repo.createUser("dave", "dave@example.com");
        for (int i = 0; i < 3; i++) {
            repo.createPost(bob.getId(), "B" + i, "b", i == 0);
        }
        repo.createPost(alice.getId(), "A", "b", false);
        repo.createPost(dave.getId(), "D", "b", true);

        sql.clear();
        repo.postCountsByUser(null, 2);
        assertThat(sql.statements()).hasSize(1);

        assertThat(walk(c -> repo.postCountsByUser(c, 1), 1)).containsExactly(
                new UserPostCount(bob.getId(), "bob", 3),
                new UserPostCount(alice.getId(), "alice", 1),
                new UserPostCount(dave.getId(), "dave", 1),
                new UserPostCount(carol.getId(), "carol", 0));
        assertThat(repo.postCountsByUser()).extracting(UserPostCount::userId)
                .containsExactly(bob.getId(), alice.getId(), dave.getId(), carol.getId());
    }

    @Test
    void publishedPostsPageCarriesExactTotalsReadWithTheItems() {
        User alice = repo.createUser("alice", "alice@example.com");
        for (int i = 0; i < 7; i++) {
            repo.createPost(alice.getId(), "Post " + i, "b", true);
        }
        repo.createPost(alice.getId(), "Draft", "b", false);

        sql.clear();
        Page<PostView> first = repo.publishedPostsPage(1, 3);
        assertThat(sql.statements()).as("a full page: the page and the count").hasSize(2);
        assertThat(first.items()).extracting(PostView::title).containsExactly("Post 6", "Post 5", "Post 4");
        assertThat(first).extracting(Page::page, Page::perPage, Page::totalItems, Page::totalPages)
                .containsExactly(1, 3, 7L, 3);
        assertThat(first.hasNext()).isTrue();
        assertThat(first.hasPrevious()).isFalse();

        sql.clear();
        Page<PostView> last = repo.publishedPostsPage(3, 3);
        assertThat(sql.statements()).as("the last page knows the total").hasSize(1);
        assertThat(last.items()).extracting(PostView::title).containsExactly("Post 0");
        assertThat(last.totalItems()).isEqualTo(7);
        assertThat(last.hasNext()).isFalse();

        Page<PostView> beyond = repo.publishedPostsPage(9, 3);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.totalItems()).isEqualTo(7);
        assertThat(beyond.totalPages()).isEqualTo(3);

        Page<PostView> exact = repo.publishedPostsPage(1, 7);
        assertThat(exact.totalPages()).isEqualTo(1);
        assertThat(exact.items()).hasSize(7);
        assertThat(exact.items()).isEqualTo(repo.listPublishedPostViews(1, 7));
        assertThatThrownBy(() -> repo.publishedPostsPage(0, 3)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.publishedPostsPage(1, BlogRepository.MAX_PER_PAGE + 1))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aWriteCommittedBetweenThePageAndItsCountIsInNeither() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        // the observer sees each statement before it runs: when the count is about to run, another Blog commits
        // a new published post
        try (Blog writer = target.open(new TestDatabase.SqlLog());
                Blog reader = Blog.open(BlogConfig.builder(target.url()).sqlObserver(statement -> {
                    if (statement.contains("count(") && armed.compareAndSet(true, false)) {
                        try {
                            other.submit(() -> writer.repository().createPost(
                                    writer.repository().findUserByUsername("alice").orElseThrow().getId(),
                                    "Late", "b", true)).get();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                }).build())) {
            User alice = repo.createUser("alice", "alice@example.com");
            for (int i = 0; i < 3; i++) {
                repo.createPost(alice.getId(), "Post " + i, "b", true);
            }
            armed.set(true);
            Page<PostView> page = reader.repository().publishedPostsPage(1, 2);

            assertThat(armed).as("the count ran after the write").isFalse();
            assertThat(page.items()).extracting(PostView::title).containsExactly("Post 2", "Post 1");
            assertThat(page.totalItems()).as("the total of the page's snapshot").isEqualTo(3);
            assertThat(repo.countPublishedPosts()).isEqualTo(4);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void callsInsideARepositoryTransactionRunTheStatementsTheyRunAlone() {
        User alice = repo.createUser("alice", "alice@example.com");
        sql.clear();
        repo.findUserByEmail("alice@example.com");
        repo.publishedPostsPage(1, 10);
        int alone = sql.statements().size();

        sql.clear();
        blog.inRepositoryTransaction(r -> {
            r.findUserByEmail("alice@example.com");
            return r.publishedPostsPage(1, 10);
        });
        assertThat(sql.statements()).hasSize(alone);
        assertThat(alice.getId()).isPositive();
    }

    @Test
    void anEmptyBlogHasNoPages() {
        Page<PostView> page = repo.publishedPostsPage(1, 10);
        assertThat(page.items()).isEmpty();
        assertThat(page.totalItems()).isZero();
        assertThat(page.totalPages()).isZero();
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void aPageAndItsTotalsComeFromOneSnapshotInsideARepositoryTransactionToo() {
        User alice = repo.createUser("alice", "alice@example.com");
        Page<PostView> page = blog.inRepositoryTransaction(r -> {
            for (int i = 0; i < 4; i++) {
                r.createPost(alice.getId(), "Post " + i, "b", true);
            }
            return r.publishedPostsPage(1, 2);
        });
        assertThat(page.totalItems()).isEqualTo(4);
        assertThat(page.totalPages()).isEqualTo(2);
    }
}
