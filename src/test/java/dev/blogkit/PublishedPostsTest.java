package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The tutorial's "Filter, order, and paginate" and "Count and aggregate". */
@ParameterizedClass
@EnumSource(TestTarget.Kind.class)
class PublishedPostsTest {

    @Parameter
    TestTarget.Kind kind;
    @TempDir
    Path dir;
    TestTarget target;
    Blog blog;

    @BeforeEach
    void createTarget() {
        target = TestTarget.create(kind, dir);
    }

    @AfterEach
    void close() {
        if (blog != null) {
            blog.close();
        }
        if (target != null) {
            target.close();
        }
    }

    BlogRepository open(Clock clock) {
        blog = Blog.open(BlogConfig.builder(target.url()).clock(clock).build());
        return blog.repository();
    }

    /** Each post one second after the one before, from 2024-01-01T00:00:00Z. */
    BlogRepository openWithOneSecondSteps() {
        return open(new TestDatabase.SteppingClock(Instant.parse("2024-01-01T00:00:00Z"), java.time.Duration.ofSeconds(1)));
    }

    @Test
    void pagesListPublishedPostsNewestFirstWithTheirAuthors() {
        BlogRepository repo = openWithOneSecondSteps();
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        List<Post> published = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Post post = repo.createPost((i % 2 == 0 ? alice : bob).getId(), "post " + i, "body", i % 3 != 0);
            if (post.isPublished()) {
                published.add(0, post);
            }
        }

        List<Post> page1 = repo.listPublishedPosts(1, 5);
        List<Post> page2 = repo.listPublishedPosts(2, 5);

        assertThat(page1).containsExactlyElementsOf(published.subList(0, 5));
        assertThat(page2).containsExactlyElementsOf(published.subList(5, 8));
        assertThat(repo.listPublishedPosts(3, 5)).isEmpty();
        assertThat(page1).allSatisfy(p -> {
            assertThat(p.isPublished()).isTrue();
            assertThat(p.getAuthor().getUsername()).isIn("alice", "bob");
        });
        assertThat(page1).extracting(Post::getCreatedAt).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void consecutivePagesNeverRepeatOrSkipAPostEvenWhenTimestampsAreEqual() {
        Clock frozen = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
        BlogRepository repo = open(frozen);
        User alice = repo.createUser("alice", "alice@example.com");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(0, repo.createPost(alice.getId(), "post " + i, "body", true).getId());
        }

        List<Long> seen = new ArrayList<>();
        for (int page = 1; page <= 5; page++) {
            repo.listPublishedPosts(page, 5).forEach(p -> seen.add(p.getId()));
        }

        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void postViewPagesHoldThePostsOfTheEntityPagesWithTheirAuthorsUsernamesAtEveryDepth() {
        BlogRepository repo = openWithOneSecondSteps();
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        List<NewPost> rows = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            rows.add(new NewPost((i % 2 == 0 ? alice : bob).getId(), "post " + i, "body " + i, i % 3 != 0));
        }
        repo.createPosts(rows);

        // 86 published posts in pages of 15: the last pages lie past the offset where the deep-page plan starts
        int pages = 0;
        List<PostView> views;
        do {
            pages++;
            views = repo.listPublishedPostViews(pages, 15);
            List<PostView> expected = repo.listPublishedPosts(pages, 15).stream().map(p -> new PostView(p.getId(),
                    p.getTitle(), p.getBody(), p.isPublished(), p.getCreatedAt(), p.getAuthor().getId(),
                    p.getAuthor().getUsername(), p.getSlug(), p.getPublishedAt())).toList();
            assertThat(views).containsExactlyElementsOf(expected);
        } while (!views.isEmpty());

        assertThat(pages).isEqualTo(7);
        assertThat(repo.listPublishedPostViews(1, 1)).singleElement().satisfies(view -> {
            assertThat(view.title()).isEqualTo("post 128");
            assertThat(view.authorUsername()).isEqualTo("alice");
            assertThat(view.authorId()).isEqualTo(alice.getId());
            assertThat(view.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:02:10Z"));
        });
    }

    @Test
    void rejectsPageAndPerPageOutOfRangeAndGivesAFarPageEmpty() {
        BlogRepository repo = open(Clock.systemUTC());

        for (Listing listing : List.<Listing>of(repo::listPublishedPosts, repo::listPublishedPostViews)) {
            assertThatThrownBy(() -> listing.page(0, 10))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("page"));
            assertThatThrownBy(() -> listing.page(1, 0))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("perPage"));
            assertThatThrownBy(() -> listing.page(1, BlogRepository.MAX_PER_PAGE + 1))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("perPage"));
            // a page past the end, however far, is empty: no ceiling but the int a page number is
            assertThat(listing.page(Integer.MAX_VALUE, 100)).isEmpty();
            assertThat(listing.page(21_474_838, 100)).isEmpty();
            assertThat(listing.page(1, BlogRepository.MAX_PER_PAGE)).isEmpty();
        }
    }

    /** listPublishedPosts or listPublishedPostViews. */
    @FunctionalInterface
    interface Listing {
        List<?> page(int page, int perPage);
    }

    @Test
    void countPublishedPostsCountsOnlyPublishedOnes() {
        BlogRepository repo = open(Clock.systemUTC());
        User alice = repo.createUser("alice", "alice@example.com");
        assertThat(repo.countPublishedPosts()).isZero();

        repo.createPost(alice.getId(), "a", "body", true);
        repo.createPost(alice.getId(), "b", "body", false);
        Post c = repo.createPost(alice.getId(), "c", "body", true);
        assertThat(repo.countPublishedPosts()).isEqualTo(2);

        repo.updatePost(c.getId(), p -> p.setPublished(false));
        assertThat(repo.countPublishedPosts()).isEqualTo(1);
    }

    @Test
    void postCountsByUserIncludesUsersWithoutPostsMostPostsFirstThenUsername() {
        BlogRepository repo = open(Clock.systemUTC());
        User carol = repo.createUser("carol", "carol@example.com");
        User alice = repo.createUser("alice", "alice@example.com");
        User dave = repo.createUser("dave", "dave@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        repo.createPost(carol.getId(), "c1", "body", true);
        repo.createPost(bob.getId(), "b1", "body", false);
        repo.createPost(bob.getId(), "b2", "body", true);
        repo.createPost(alice.getId(), "a1", "body", true);

        assertThat(repo.postCountsByUser()).containsExactly(
                new UserPostCount(bob.getId(), "bob", 2),
                new UserPostCount(alice.getId(), "alice", 1),
                new UserPostCount(carol.getId(), "carol", 1),
                new UserPostCount(dave.getId(), "dave", 0));
    }
}
