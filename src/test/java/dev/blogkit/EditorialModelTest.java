package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.Tag;
import dev.blogkit.model.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slugs, publication and scheduling, versions and edit conflicts, tags: on each database. */
class EditorialModelTest extends EachDatabase {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(T0);

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    final ManualClock clock = new ManualClock();
    final TestDatabase.SqlLog sql = new TestDatabase.SqlLog();
    Blog blog;
    BlogRepository repo;
    User alice;

    @BeforeEach
    void open() {
        blog = Blog.open(BlogConfig.builder(target.url()).clock(clock).sqlObserver(sql).build());
        repo = blog.repository();
        alice = repo.createUser("alice", "alice@example.com");
    }

    @AfterEach
    void close() {
        if (blog != null) {
            blog.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ slugs

    @Test
    void aNewPostGetsASlugDerivedFromItsTitleMadeUniqueWithSuffixes() {
        Post first = repo.createPost(alice.getId(), "Crème brûlée: a recipe!", "b", true);
        Post second = repo.createPost(alice.getId(), "Creme Brulee, a recipe", "b", true);
        Post third = repo.createPost(alice.getId(), "crème brûlée — a recipe", "b", false);
        Post noLetters = repo.createPost(alice.getId(), "!!!", "b", false);

        assertThat(first.getSlug()).isEqualTo("creme-brulee-a-recipe");
        assertThat(second.getSlug()).isEqualTo("creme-brulee-a-recipe-2");
        assertThat(third.getSlug()).isEqualTo("creme-brulee-a-recipe-3");
        assertThat(noLetters.getSlug()).isEqualTo("post");
        assertThat(repo.findPostBySlug("creme-brulee-a-recipe-2")).contains(second);
        assertThat(repo.findPostBySlug("creme-brulee-a-recipe-2").orElseThrow().getAuthor().getUsername())
                .isEqualTo("alice");
    }

    @Test
    void aCallerMayGiveTheSlugAndATakenOneIsRefusedWithNothingWritten() {
        Post post = repo.createPost(alice.getId(), "Hello", "b", true, "my-hello");
        assertThat(post.getSlug()).isEqualTo("my-hello");
        assertThat(repo.findPost(post.getId()).orElseThrow().getSlug()).isEqualTo("my-hello");

        var before = target.snapshot();
        assertThatThrownBy(() -> repo.createPost(alice.getId(), "Other", "b", true, "my-hello"))
                .isInstanceOf(DuplicateException.class)
                .extracting(e -> ((DuplicateException) e).field()).isEqualTo("slug");
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void aSlugThatIsNoSlugIsRefusedNamingTheFieldAndNothingIsWritten() {
        Post post = repo.createPost(alice.getId(), "Hello", "b", true);
        for (String bad : new String[] {"Hello", "a b", "", "-a", "a--b", "a".repeat(201), "a/b"}) {
            target.assertRejectedAndUnchanged("slug",
                    () -> repo.createPost(alice.getId(), "Other", "b", true, bad));
            target.assertRejectedAndUnchanged("slug",
                    () -> repo.updatePost(post.getId(), p -> p.setSlug(bad)));
        }
        assertThat(repo.findPostBySlug("Hello World / ../")).isEmpty();
        assertThatThrownBy(() -> repo.findPostBySlug(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void anOldSlugKeepsFindingItsPostAndNoOtherPostCanTakeIt() {
        Post post = repo.createPost(alice.getId(), "First title", "b", true);
        Post renamed = repo.updatePost(post.getId(), p -> p.setSlug("better-title")).orElseThrow();

        assertThat(renamed.getSlug()).isEqualTo("better-title");
        assertThat(repo.findPostBySlug("first-title")).hasValueSatisfying(found -> {
            assertThat(found.getId()).isEqualTo(post.getId());
            assertThat(found.getSlug()).isEqualTo("better-title"); // the permalink to redirect to
        });
        assertThat(repo.findPostBySlug("better-title").orElseThrow().getId()).isEqualTo(post.getId());

        // a new post with the same title gets a suffix; a caller's choice of the old slug is refused
        assertThat(repo.createPost(alice.getId(), "First title", "b", true).getSlug()).isEqualTo("first-title-2");
        assertThatThrownBy(() -> repo.createPost(alice.getId(), "x", "b", true, "first-title"))
                .isInstanceOf(DuplicateException.class);
        Post other = repo.createPost(alice.getId(), "Other", "b", true);
        assertThatThrownBy(() -> repo.updatePost(other.getId(), p -> p.setSlug("first-title")))
                .isInstanceOf(DuplicateException.class);
        assertThat(repo.findPost(other.getId()).orElseThrow().getSlug()).isEqualTo("other");

        // the post may take back its own old slug
        assertThat(repo.updatePost(post.getId(), p -> p.setSlug("first-title")).orElseThrow().getSlug())
                .isEqualTo("first-title");
        assertThat(repo.findPostBySlug("better-title").orElseThrow().getId()).isEqualTo(post.getId());
    }

    @Test
    void deletingAPostFreesItsSlugs() {
        Post post = repo.createPost(alice.getId(), "Gone soon", "b", true);
        repo.deletePost(post.getId());

        assertThat(repo.findPostBySlug("gone-soon")).isEmpty();
        assertThat(repo.createPost(alice.getId(), "Gone soon", "b", true).getSlug()).isEqualTo("gone-soon");
    }

    @Test
    void bulkCreatedPostsGetUniqueSlugsAndGivenOnesAreChecked() {
        repo.createPost(alice.getId(), "Same", "b", true);
        List<Post> posts = repo.createPosts(List.of(
                new NewPost(alice.getId(), "Same", "b", true),
                new NewPost(alice.getId(), "Same", "b", false),
                new NewPost(alice.getId(), "Same 2", "b", false),
                new NewPost(alice.getId(), "Given", "b", false, "chosen")));

        // a title's own slug first ("Same 2": same-2), then suffixes of the taken bases, skipping what is taken
        assertThat(posts).extracting(Post::getSlug).containsExactly("same-3", "same-4", "same-2", "chosen");
        assertThat(target.count("SELECT count(*) FROM post_slugs")).isEqualTo(5);
        assertThat(repo.findPostBySlug("same-4").orElseThrow().getId()).isEqualTo(posts.get(1).getId());

        var before = target.snapshot();
        assertThatThrownBy(() -> repo.createPosts(List.of(new NewPost(alice.getId(), "x", "b", true, "chosen"))))
                .isInstanceOf(DuplicateException.class).hasMessageContaining("row 0");
        assertThatThrownBy(() -> repo.createPosts(List.of(new NewPost(alice.getId(), "x", "b", true, "dup"),
                new NewPost(alice.getId(), "y", "b", true, "dup"))))
                .isInstanceOf(DuplicateException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> repo.createPosts(List.of(new NewPost(alice.getId(), "x", "b", true, "Bad Slug"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("row 0");
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void writersThatWantTheSameSlugAtOnceAllSucceedWithSuffixes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier start = new CyclicBarrier(4);
            List<Callable<String>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(() -> {
                    start.await(); // four at a time (the barrier is cyclic): 8 writers, 2 rounds
                    return repo.createPost(alice.getId(), "Same title", "b", true).getSlug();
                });
            }
            List<String> slugs = new ArrayList<>();
            for (Future<String> slug : pool.invokeAll(writers)) {
                slugs.add(slug.get());
            }
            assertThat(slugs).containsExactlyInAnyOrder("same-title", "same-title-2", "same-title-3", "same-title-4",
                    "same-title-5", "same-title-6", "same-title-7", "same-title-8");
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------ publication

    @Test
    void aPostIsADraftPublishedOrScheduledAndListingsShowAScheduledPostFromItsTimeOn() {
        Post draft = repo.createPost(alice.getId(), "Draft", "b", false);
        Post published = repo.createPost(alice.getId(), "Published", "b", true);
        Post scheduled = repo.createPost(alice.getId(), "Scheduled", "b", false);
        assertThat(repo.schedulePost(scheduled.getId(), T0.plus(Duration.ofHours(1)))).isTrue();

        assertThat(draft.getPublishedAt()).isNull();
        assertThat(draft.isPublished()).isFalse();
        assertThat(published.getPublishedAt()).isEqualTo(T0);
        assertThat(published.isPublished()).isTrue();
        Post loaded = repo.findPost(scheduled.getId()).orElseThrow();
        assertThat(loaded.getPublishedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(loaded.isPublished()).isFalse();
        assertThat(loaded.isScheduled()).isTrue();
        assertThat(titles(repo.publishedPostViews(null, 10).items())).containsExactly("Published");
        assertThat(repo.countPublishedPosts()).isEqualTo(1);

        clock.advance(Duration.ofHours(1));

        assertThat(repo.findPost(scheduled.getId()).orElseThrow().isPublished()).isTrue();
        assertThat(titles(repo.publishedPostViews(null, 10).items())).containsExactly("Scheduled", "Published");
        assertThat(repo.listPublishedPosts(1, 10)).extracting(Post::getTitle).containsExactly("Scheduled", "Published");
        assertThat(repo.countPublishedPosts()).isEqualTo(2);
        PostView view = repo.listPublishedPostViews(1, 10).get(0);
        assertThat(view.slug()).isEqualTo("scheduled");
        assertThat(view.publishedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void listingsOrderByPublicationTimeNewestFirstTiesById() {
        Post a = repo.createPost(alice.getId(), "A", "b", false);
        Post b = repo.createPost(alice.getId(), "B", "b", false);
        Post c = repo.createPost(alice.getId(), "C", "b", false);
        Instant at = T0.minus(Duration.ofDays(3));
        repo.schedulePost(c.getId(), at.minus(Duration.ofDays(1)));
        repo.schedulePost(a.getId(), at);
        repo.schedulePost(b.getId(), at);

        assertThat(titles(repo.publishedPostViews(null, 10).items())).containsExactly("B", "A", "C");
        CursorPage<PostView> first = repo.publishedPostViews(null, 1);
        CursorPage<Post> second = repo.publishedPosts(first.nextCursor(), 1);
        assertThat(second.items()).extracting(Post::getTitle).containsExactly("A");
        assertThat(repo.publishedPostViews(second.nextCursor(), 5).items()).extracting(PostView::title)
                .containsExactly("C");
        List<String> streamed = new ArrayList<>();
        repo.forEachPublishedPost(p -> streamed.add(p.getTitle()));
        assertThat(streamed).containsExactly("B", "A", "C");
    }

    @Test
    void aCursorFromBeforeTheClockWasSetBackListsOnlyWhatIsPublishedNow() {
        for (int i = 0; i < 4; i++) {
            repo.createPost(alice.getId(), "P" + i, "b", true);
            clock.advance(Duration.ofMinutes(1));
        }
        CursorPage<PostView> first = repo.publishedPostViews(null, 1);
        assertThat(first.items()).extracting(PostView::title).containsExactly("P3");

        clock.now.set(T0.plus(Duration.ofSeconds(90))); // back: P2 and P3 are not published yet by this clock

        assertThat(repo.publishedPostViews(first.nextCursor(), 10).items()).extracting(PostView::title)
                .containsExactly("P1", "P0");
        List<String> streamed = new ArrayList<>();
        repo.forEachPublishedPost(p -> streamed.add(p.getTitle()));
        assertThat(streamed).containsExactly("P1", "P0");
    }

    @Test
    void publishUnpublishAndScheduleChangeOnlyWhatTheySay() {
        Post post = repo.createPost(alice.getId(), "P", "b", false);
        clock.advance(Duration.ofMinutes(5));
        assertThat(repo.publishPost(post.getId())).isTrue();
        Post published = repo.findPost(post.getId()).orElseThrow();
        assertThat(published.getPublishedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(published.getVersion()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(repo.publishPost(post.getId())).isTrue(); // published already: keeps its time, no new version
        assertThat(repo.findPost(post.getId()).orElseThrow()).satisfies(p -> {
            assertThat(p.getPublishedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(p.getVersion()).isEqualTo(1);
        });

        // scheduling in the past publishes at that time
        Instant past = Instant.parse("2020-01-01T00:00:00.123Z");
        assertThat(repo.schedulePost(post.getId(), past.plusNanos(456_000))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow().getPublishedAt()).isEqualTo(past);

        // a scheduled post published now
        repo.schedulePost(post.getId(), T0.plus(Duration.ofDays(1)));
        repo.publishPost(post.getId());
        assertThat(repo.findPost(post.getId()).orElseThrow().getPublishedAt()).isEqualTo(clock.instant());

        assertThat(repo.unpublishPost(post.getId())).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow().getPublishedAt()).isNull();
        assertThat(repo.countPublishedPosts()).isZero();

        assertThat(repo.publishPost(999_999)).isFalse();
        assertThat(repo.unpublishPost(999_999)).isFalse();
        assertThat(repo.schedulePost(999_999, T0)).isFalse();
    }

    @Test
    void theTutorialsPublishedFlagStillPublishesNowAndDrafts() {
        Post post = repo.createPost(alice.getId(), "P", "b", false);
        clock.advance(Duration.ofSeconds(7));
        Post published = repo.updatePost(post.getId(), p -> p.setPublished(true)).orElseThrow();
        assertThat(published.isPublished()).isTrue();
        assertThat(published.getPublishedAt()).isEqualTo(T0.plusSeconds(7));

        assertThat(repo.editPost(post.getId(), new PostEdit(null, null, false))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow().isPublished()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(repo.editPost(post.getId(), new PostEdit(null, null, true))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow().getPublishedAt()).isEqualTo(T0.plusSeconds(8));
    }

    @Test
    void badPublicationTimesAreRefusedNamingTheField() {
        Post post = repo.createPost(alice.getId(), "P", "b", false);
        target.assertRejectedAndUnchanged("publishedAt", () -> repo.schedulePost(post.getId(), null));
        target.assertRejectedAndUnchanged("publishedAt",
                () -> repo.schedulePost(post.getId(), Instant.parse("1969-12-31T23:59:59Z")));
        target.assertRejectedAndUnchanged("publishedAt",
                () -> repo.schedulePost(post.getId(), Instant.parse("+10000-01-01T00:00:00Z")));
        target.assertRejectedAndUnchanged("publishedAt",
                () -> repo.updatePost(post.getId(), p -> p.setPublishedAt(Instant.MIN)));
    }

    // ------------------------------------------------------------------------------------------------ versions

    @Test
    void everyRealChangeIncreasesTheVersionAndSetsTheUpdateTimeFromTheClock() {
        Post post = repo.createPost(alice.getId(), "P", "b", false);
        assertThat(post.getVersion()).isZero();
        assertThat(post.getUpdatedAt()).isEqualTo(T0);

        clock.advance(Duration.ofSeconds(1));
        Post changed = repo.updatePost(post.getId(), p -> p.setTitle("Q")).orElseThrow();
        assertThat(changed.getVersion()).isEqualTo(1);
        assertThat(changed.getUpdatedAt()).isEqualTo(T0.plusSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        Post same = repo.updatePost(post.getId(), p -> p.setTitle("Q")).orElseThrow();
        assertThat(same.getVersion()).isEqualTo(1);
        assertThat(repo.editPost(post.getId(), new PostEdit("Q", "b", false))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow()).satisfies(p -> {
            assertThat(p.getVersion()).isEqualTo(1);
            assertThat(p.getUpdatedAt()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(repo.editPost(post.getId(), new PostEdit(null, "new body", null))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow()).satisfies(p -> {
            assertThat(p.getVersion()).isEqualTo(2);
            assertThat(p.getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(p.getCreatedAt()).isEqualTo(T0);
        });

        User user = repo.updateUser(alice.getId(), u -> u.setBio("hi")).orElseThrow();
        assertThat(user.getVersion()).isEqualTo(1);
        assertThat(user.getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(repo.updateUser(alice.getId(), u -> u.setBio("hi")).orElseThrow().getVersion()).isEqualTo(1);
        assertThat(repo.editUser(alice.getId(), new UserEdit(null, null, "hi"))).isTrue();
        assertThat(repo.findUser(alice.getId()).orElseThrow().getVersion()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(repo.editUser(alice.getId(), new UserEdit("alice2", null, null))).isTrue();
        assertThat(repo.findUser(alice.getId()).orElseThrow()).satisfies(u -> {
            assertThat(u.getUsername()).isEqualTo("alice2");
            assertThat(u.getVersion()).isEqualTo(2);
            assertThat(u.getUpdatedAt()).isEqualTo(T0.plusSeconds(3));
        });
    }

    @Test
    void aVersionedWriteWithAStaleVersionIsAConflictAndWritesNothing() {
        Post post = repo.createPost(alice.getId(), "P", "b", false);
        repo.updatePost(post.getId(), 0, p -> p.setTitle("by editor one"));

        var before = target.snapshot();
        assertThatThrownBy(() -> repo.updatePost(post.getId(), 0, p -> p.setTitle("by editor two")))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).currentVersion()).isEqualTo(1));
        assertThatThrownBy(() -> repo.editPost(post.getId(), 0, new PostEdit("by editor two", null, null)))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).currentVersion()).isEqualTo(1));
        assertThatThrownBy(() -> repo.updateUser(alice.getId(), 5, u -> u.setBio("x")))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).currentVersion()).isZero());
        assertThatThrownBy(() -> repo.editUser(alice.getId(), 5, new UserEdit(null, null, "x")))
                .isInstanceOf(ConflictException.class);
        assertThat(target.snapshot()).isEqualTo(before);

        assertThat(repo.editPost(post.getId(), 1, new PostEdit("by editor two", null, null))).isTrue();
        assertThat(repo.updateUser(alice.getId(), 0, u -> u.setBio("x")).orElseThrow().getVersion()).isEqualTo(1);
        assertThat(repo.editUser(alice.getId(), 1, new UserEdit(null, "a2@example.com", null))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow().getTitle()).isEqualTo("by editor two");
        assertThat(repo.updatePost(999_999, 0, p -> p.setTitle("x"))).isEmpty();
        assertThat(repo.editPost(999_999, 0, new PostEdit("x", null, null))).isFalse();
    }

    @Test
    void twoEditorsWithTheSameVersionExactlyOneWinsEveryTime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int r = 0; r < 20; r++) {
                int round = r;
                Post post = repo.createPost(alice.getId(), "Round " + round, "b", false);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Callable<String>> editors = new ArrayList<>();
                for (String editor : List.of("one", "two")) {
                    editors.add(() -> {
                        start.await();
                        try {
                            if (round % 2 == 0) {
                                repo.updatePost(post.getId(), 0, p -> p.setTitle(editor));
                            } else {
                                repo.editPost(post.getId(), 0, new PostEdit(editor, null, null));
                            }
                            return editor;
                        } catch (ConflictException e) {
                            assertThat(e.currentVersion()).isEqualTo(1);
                            return null;
                        }
                    });
                }
                List<String> winners = new ArrayList<>();
                for (Future<String> result : pool.invokeAll(editors)) {
                    if (result.get() != null) {
                        winners.add(result.get());
                    }
                }
                assertThat(winners).as("round " + round).hasSize(1);
                Post saved = repo.findPost(post.getId()).orElseThrow();
                assertThat(saved.getTitle()).isEqualTo(winners.get(0));
                assertThat(saved.getVersion()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unversionedWritesAreLastWriteWinsAndNeverConflict() throws Exception {
        Post post = repo.createPost(alice.getId(), "P", "b", false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Object>> writers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                writers.add(() -> repo.updatePost(post.getId(), p -> p.setBody(p.getBody() + "+" + n)));
            }
            for (Future<Object> result : pool.invokeAll(writers)) {
                result.get(); // none throws
            }
        } finally {
            pool.shutdownNow();
        }
        Post saved = repo.findPost(post.getId()).orElseThrow();
        assertThat(saved.getVersion()).isEqualTo(40);
        assertThat(saved.getBody().split("\\+")).hasSize(41); // no change was lost
    }

    // ------------------------------------------------------------------------------------------------ tags

    @Test
    void tagPostCreatesTagsOnFirstUseAndNamesWithOneSlugAreOneTag() {
        Post post = repo.createPost(alice.getId(), "P", "b", true);
        assertThat(repo.tagPost(post.getId(), "Java", "Databases", "java")).isTrue();
        Post other = repo.createPost(alice.getId(), "Q", "b", true);
        repo.tagPost(other.getId(), "JAVA");

        Post loaded = repo.findPost(post.getId()).orElseThrow();
        assertThat(loaded.getTags()).extracting(Tag::getSlug).containsExactly("databases", "java");
        assertThat(loaded.getTags()).extracting(Tag::getName).containsExactly("Databases", "Java");
        assertThat(loaded.getVersion()).isEqualTo(1);
        assertThat(target.count("SELECT count(*) FROM tags")).isEqualTo(2);
        assertThat(repo.findPostBySlug(loaded.getSlug()).orElseThrow().getTags()).hasSize(2);

        repo.tagPost(post.getId(), "Java"); // carries it already: nothing changes
        assertThat(repo.findPost(post.getId()).orElseThrow().getVersion()).isEqualTo(1);
        assertThat(repo.tagPost(999_999, "x")).isFalse();
    }

    @Test
    void writersTaggingWithOneNewNameAtOnceMakeOneTag() throws Exception {
        List<Post> posts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posts.add(repo.createPost(alice.getId(), "P" + i, "b", true));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> writers = new ArrayList<>();
            for (Post post : posts) {
                writers.add(() -> repo.tagPost(post.getId(), "Brand New"));
            }
            for (Future<Boolean> tagged : pool.invokeAll(writers)) {
                assertThat(tagged.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(repo.tagCounts()).containsExactly(new TagCount("Brand New", "brand-new", 8));
    }

    @Test
    void postsLoadedWithoutTheirTagsSaySoWhenAsked() {
        Post post = repo.createPost(alice.getId(), "P", "b", true);
        repo.tagPost(post.getId(), "x");
        Post listed = repo.listPublishedPosts(1, 10).get(0);
        assertThatThrownBy(listed::getTags).isInstanceOf(NotLoadedException.class).hasMessageContaining("findPost");
    }

    @Test
    void untagPostAndDeleteTagTakeTagsOffAndAnUnusedTagStaysUntilDeleted() {
        Post post = repo.createPost(alice.getId(), "P", "b", true);
        repo.tagPost(post.getId(), "a", "b");
        assertThat(repo.untagPost(post.getId(), "a", "not-a-tag")).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow().getTags()).extracting(Tag::getSlug).containsExactly("b");
        assertThat(repo.tagCounts()).containsExactly(new TagCount("b", "b", 1), new TagCount("a", "a", 0));

        assertThat(repo.deleteTag("B")).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow().getTags()).isEmpty();
        assertThat(repo.deleteTag("b")).isFalse();
        assertThat(repo.tagCounts()).containsExactly(new TagCount("a", "a", 0));
    }

    @Test
    void deletingAPostOrAUserRemovesTheirTaggingsButNotTheTags() {
        User bob = repo.createUser("bob", "bob@example.com");
        Post post = repo.createPost(alice.getId(), "P", "b", true);
        Post bobs = repo.createPost(bob.getId(), "Q", "b", true);
        repo.tagPost(post.getId(), "t");
        repo.tagPost(bobs.getId(), "t");

        repo.deletePost(post.getId());
        assertThat(repo.tagCounts()).containsExactly(new TagCount("t", "t", 1));
        repo.deleteUser(bob.getId());
        assertThat(repo.tagCounts()).containsExactly(new TagCount("t", "t", 0));
        assertThat(target.count("SELECT count(*) FROM post_tags")).isZero();
        assertThat(target.count("SELECT count(*) FROM post_slugs")).isZero();
    }

    @Test
    void publishedPostsByTagPagesByKeysetShowingOnlyPublishedPostsOfTheTag() {
        List<Long> tagged = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Post p = repo.createPost(alice.getId(), "Tagged " + i, "b", true);
            repo.tagPost(p.getId(), "News");
            tagged.add(0, p.getId());
            Post untagged = repo.createPost(alice.getId(), "Other " + i, "b", true);
            repo.tagPost(untagged.getId(), "Sports");
            clock.advance(Duration.ofSeconds(1));
        }
        Post draft = repo.createPost(alice.getId(), "Draft", "b", false);
        repo.tagPost(draft.getId(), "news");
        Post scheduled = repo.createPost(alice.getId(), "Later", "b", false);
        repo.schedulePost(scheduled.getId(), clock.instant().plusSeconds(60));
        repo.tagPost(scheduled.getId(), "news");

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            sql.clear();
            CursorPage<PostView> page = repo.publishedPostsByTag("news", cursor, 3);
            assertThat(sql.statements()).as("one statement per page").hasSize(1);
            page.items().forEach(v -> seen.add(v.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(tagged);
        assertThat(pages).isEqualTo(3);
        assertThat(repo.tagCounts()).containsExactly(new TagCount("News", "news", 7), new TagCount("Sports", "sports", 7));

        clock.advance(Duration.ofSeconds(60));
        assertThat(repo.publishedPostsByTag("news", null, 1).items().get(0).title()).isEqualTo("Later");
        assertThat(repo.publishedPostsByTag("no-such-tag", null, 10).items()).isEmpty();
        String otherListing = repo.publishedPostViews(null, 1).nextCursor();
        assertThatThrownBy(() -> repo.publishedPostsByTag("news", otherListing, 3))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.publishedPostsByTag("news", null, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.publishedPostsByTag(null, null, 3)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void badTagNamesAreRefusedNamingTheFieldWithNothingWritten() {
        Post post = repo.createPost(alice.getId(), "P", "b", true);
        target.assertRejectedAndUnchanged("tag", () -> repo.tagPost(post.getId(), "ok", "+++"));
        target.assertRejectedAndUnchanged("tag", () -> repo.tagPost(post.getId(), "x".repeat(65)));
        target.assertRejectedAndUnchanged("tag", () -> repo.tagPost(post.getId(), "ok", null));
        target.assertRejectedAndUnchanged("names", () -> repo.tagPost(post.getId()));
    }

    @Test
    void findPostLoadsAuthorAndTagsInOneStatement() {
        Post post = repo.createPost(alice.getId(), "P", "b", true);
        repo.tagPost(post.getId(), "a", "b", "c");
        sql.clear();
        Post found = repo.findPost(post.getId()).orElseThrow();
        Post bySlug = repo.findPostBySlug("p").orElseThrow();
        assertThat(sql.statements()).hasSize(2);
        assertThat(found.getTags()).hasSize(3);
        assertThat(bySlug.getTags()).hasSize(3);
        assertThat(bySlug.getAuthor().getUsername()).isEqualTo("alice");
    }

    private static List<String> titles(List<PostView> views) {
        return views.stream().map(PostView::title).toList();
    }
}
