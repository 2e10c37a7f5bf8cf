package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a post's slug promises, tried as hard as a test can: its cost does not grow with the posts that share a
 * title, two writers that want one slug never fail, and a given slug is canonical or refused.
 */
@ParameterizedClass
@EnumSource(TestTarget.Kind.class)
class SlugGuaranteesTest {

    static final int ROUNDS = 25;

    @Parameter
    TestTarget.Kind kind;
    @TempDir
    Path dir;
    TestTarget target;
    TestDatabase.SqlLog sql;
    Blog blog;
    BlogRepository repo;
    User alice;

    @BeforeEach
    void open() {
        target = TestTarget.create(kind, dir);
        sql = new TestDatabase.SqlLog();
        blog = target.open(sql);
        repo = blog.repository();
        alice = repo.createUser("alice", "alice@example.com");
    }

    @AfterEach
    void close() {
        if (blog != null) {
            blog.close();
        }
        target.close();
    }

    private List<NewPost> sameTitle(String title, int count) {
        List<NewPost> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new NewPost(alice.getId(), title, "body " + i, true));
        }
        return rows;
    }

    /** The statements one call runs. */
    private List<String> statementsOf(Runnable call) {
        sql.clear();
        call.run();
        return sql.statements();
    }

    @Test
    void createPostRunsTheSameStatementsWhetherTenOrThreeThousandPostsShareItsTitle() {
        repo.createPosts(sameTitle("Weekly update", 10));
        List<String> atTen = statementsOf(() -> repo.createPost(alice.getId(), "Weekly update", "b", true));
        repo.createPosts(sameTitle("Weekly update", 3000));
        List<String> atThreeThousand = statementsOf(() -> repo.createPost(alice.getId(), "Weekly update", "b", true));

        assertThat(atThreeThousand).isEqualTo(atTen);
        // no statement reads the slugs that share the base
        assertThat(atThreeThousand).noneMatch(s -> s.contains("slug >= "));
        assertThat(repo.findPostBySlug("weekly-update-3012")).isPresent();
    }

    @Test
    void createPostsOfOneTitleIsLinearInItsRowsWhateverIsStored() {
        List<String> first = statementsOf(() -> repo.createPosts(sameTitle("Untitled", 1000)));
        List<String> second = statementsOf(() -> repo.createPosts(sameTitle("Untitled", 1000)));

        // the authors, the base's claim, one reservation of the suffixes, their claims 500 a statement, the posts
        assertThat(second.stream().filter(s -> s.startsWith("INSERT INTO post_slugs")).count()).isEqualTo(3);
        assertThat(second.stream().filter(s -> s.startsWith("INSERT INTO post_slug_suffixes")).count()).isEqualTo(1);
        assertThat(second).noneMatch(s -> s.contains("slug >= "));
        assertThat(second.size()).isLessThanOrEqualTo(first.size() + 1);
        assertThat(target.count("SELECT count(DISTINCT slug) FROM posts")).isEqualTo(2000);
        assertThat(repo.findPostBySlug("untitled")).isPresent();
        assertThat(repo.findPostBySlug("untitled-2000")).isPresent();
    }

    @Test
    void aSuffixIsNeverHandedOutTwiceEvenAfterItsPostIsDeleted() {
        repo.createPost(alice.getId(), "Hello", "b", true);
        Post second = repo.createPost(alice.getId(), "Hello", "b", true);
        assertThat(second.getSlug()).isEqualTo("hello-2");
        assertThat(repo.deletePost(second.getId())).isTrue();

        assertThat(repo.createPost(alice.getId(), "Hello", "b", true).getSlug()).isEqualTo("hello-3");
    }

    @Test
    void aBaseWithoutACounterStartsAfterTheHighestSuffixItsStoredSlugsHave() {
        // slugs stored before V8 (given, or derived by the old probing), and one given out of order
        repo.createPost(alice.getId(), "Report", "b", true);
        for (int n : new int[] {2, 3, 7}) {
            repo.createPost(alice.getId(), "x" + n, "b", true, "report-" + n);
        }
        repo.createPost(alice.getId(), "x", "b", true, "report-07-notes");

        assertThat(repo.createPost(alice.getId(), "Report", "b", true).getSlug()).isEqualTo("report-8");
        assertThat(repo.createPosts(sameTitle("Report", 2))).extracting(Post::getSlug)
                .containsExactly("report-9", "report-10");
        // a slug given ahead of the counter is skipped, not a failure
        repo.createPost(alice.getId(), "x", "b", true, "report-11");
        assertThat(repo.createPost(alice.getId(), "Report", "b", true).getSlug()).isEqualTo("report-12");
        assertThat(repo.createPosts(List.of(new NewPost(alice.getId(), "x", "b", true, "report-14"),
                new NewPost(alice.getId(), "Report", "b", true), new NewPost(alice.getId(), "Report", "b", true))))
                .extracting(Post::getSlug).containsExactly("report-14", "report-13", "report-15");
    }

    @Test
    void aGivenSlugWithALetterThatHasAnAsciiFormIsRefusedEverywhereAndChangesNothing() {
        Post post = repo.createPost(alice.getId(), "Kept", "b", true);
        for (String slug : List.of("café", "naïve-idea", "ａｂｃ", "straße", "ﬁle", "cafe\u0301", "Ｃafe", "ǆ")) {
            target.assertRejectedAndUnchanged("slug", () -> repo.createPost(alice.getId(), "t", "b", true, slug));
            target.assertRejectedAndUnchanged("slug",
                    () -> repo.createPosts(List.of(new NewPost(alice.getId(), "t", "b", true, slug))));
            target.assertRejectedAndUnchanged("slug", () -> repo.updatePost(post.getId(), p -> p.setSlug(slug)));
        }
        assertThatThrownBy(() -> repo.createPost(alice.getId(), "t", "b", true, "café"))
                .hasMessageContaining("'cafe'");
        // what BlogKit derives is accepted as given
        assertThat(repo.createPost(alice.getId(), "t", "b", true, "cafe").getSlug()).isEqualTo("cafe");
        assertThat(repo.createPost(alice.getId(), "t", "b", true, "日本語-ж").getSlug()).isEqualTo("日本語-ж");
    }

    @Test
    void aSlugStoredBeforeSlugsHadToBeCanonicalKeepsFindingItsPostAndItsPostCanChange() {
        Post post = repo.createPost(alice.getId(), "Old", "b", true);
        // as an earlier BlogKit stored a given slug
        target.execute("UPDATE posts SET slug = 'café' WHERE id = " + post.getId(),
                "UPDATE post_slugs SET slug = 'café' WHERE post_id = " + post.getId());

        assertThat(repo.findPostBySlug("café")).map(Post::getId).contains(post.getId());
        assertThat(repo.updatePost(post.getId(), p -> p.setTitle("Old, edited"))).isPresent();
        assertThat(repo.findPostBySlug("café").orElseThrow().getTitle()).isEqualTo("Old, edited");
    }

    // --- two writers that want one slug, behind a barrier, many rounds --------------------------------------

    /** Runs both at the same instant; returns their results, or fails the test with what either threw. */
    private List<Object> atOnce(Callable<Object> a, Callable<Object> b) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier barrier = new CyclicBarrier(2);
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> call : List.of(a, b)) {
                futures.add(threads.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return call.call();
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every post's slug is distinct, and each finds its post. */
    private void assertSlugsDistinct() {
        List<String> slugs = target.rows("SELECT slug FROM posts").stream().map(r -> (String) r.get("slug")).toList();
        assertThat(new HashSet<>(slugs)).hasSameSizeAs(slugs);
    }

    @Test
    void twoBulkCreatesOfOneTitleAtTheSameInstantBothSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String title = "Weekly update " + round;
            atOnce(() -> repo.createPosts(sameTitle(title, 20)), () -> repo.createPosts(sameTitle(title, 20)));
        }
        assertThat(target.count("SELECT count(*) FROM posts")).isEqualTo(ROUNDS * 40L);
        assertSlugsDistinct();
    }

    @Test
    void aBulkCreateAndASingleCreateOfOneTitleAtTheSameInstantBothSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String title = "Untitled " + round;
            atOnce(() -> repo.createPosts(sameTitle(title, 10)),
                    () -> repo.createPost(alice.getId(), title, "b", true));
        }
        assertThat(target.count("SELECT count(*) FROM posts")).isEqualTo(ROUNDS * 11L);
        assertSlugsDistinct();
    }

    @Test
    void twoSingleCreatesOfOneTitleAtTheSameInstantBothSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String title = "Hello " + round;
            // the base free, then taken: both races
            atOnce(() -> repo.createPost(alice.getId(), title, "b", true),
                    () -> repo.createPost(alice.getId(), title, "b", true));
            atOnce(() -> repo.createPost(alice.getId(), title, "b", true),
                    () -> repo.createPost(alice.getId(), title, "b", true));
        }
        assertThat(target.count("SELECT count(*) FROM posts")).isEqualTo(ROUNDS * 4L);
        assertSlugsDistinct();
    }

    @Test
    void aRenameToASlugAndACreateWhoseTitleDerivesItAtTheSameInstant() throws Exception {
        Set<String> outcomes = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            String slug = "launch-" + round;
            String title = "Launch " + round;
            Post existing = repo.createPost(alice.getId(), "Draft " + round, "b", false);
            List<Object> results = atOnce(() -> {
                try {
                    return repo.updatePost(existing.getId(), p -> p.setSlug(slug)).orElseThrow().getSlug();
                } catch (DuplicateException e) {
                    assertThat(e.field()).isEqualTo("slug");
                    return "refused";
                }
            }, () -> repo.createPost(alice.getId(), title, "b", true).getSlug());
            // the rename wins and the create takes a suffix, or the create wins and the rename is refused
            if (results.get(0).equals(slug)) {
                assertThat(results.get(1)).isEqualTo(slug + "-2");
                outcomes.add("rename first");
            } else {
                assertThat(results).containsExactly("refused", slug);
                outcomes.add("create first");
            }
        }
        assertSlugsDistinct();
        assertThat(outcomes).isNotEmpty();
    }
}
