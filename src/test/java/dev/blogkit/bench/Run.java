package dev.blogkit.bench;

import dev.blogkit.bench.Dataset.PostRow;
import dev.blogkit.bench.Workload.Page;
import dev.blogkit.bench.Workload.UserCount;
import dev.blogkit.bench.Workload.UserPosts;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One pass of the workload over both sides, phase by phase: each phase runs on one side, then on the other
 * (side by side, so that both see the same JVM and machine state), and its results are checked against each other
 * and against the {@link Model} before the next phase starts.
 *
 * <p>The random ids, each phase from a fresh {@link SplitMix64} seeded 42, id = 1 + (x mod n): user_with_posts
 * draws 1,000 user ids with n = 1,000 (the users); update_posts 2,000 post ids with n = 101,000 (every post at that
 * point); delete_users the first 100 distinct user ids with n = 1,000. Those are the workload's ids (post i is
 * i + 1, user u is u + 1); each side gets the ids its own database gave those posts ({@link Workload#postId}), looked
 * up before the phase's clock starts, and is checked against the workload in its own ids.
 */
final class Run {

    static final int PER_PAGE = 10;
    static final int CREATE_POST_TX = 1_000;
    static final int PAGE_FIRST = 1_000;
    static final int PAGE_DEEP = 100;
    static final int PAGE_DEEP_KEYSET = 100;
    static final int PAGE_BY_TAG = 1_000;
    /** Every 25th bulk post carries the tag of page_by_tag (every 50th is published: post i is when i is even). */
    static final int TAG_EVERY = 25;
    static final String TAG = "bench";
    static final int COUNT_PUBLISHED = 200;
    static final int SEARCH = 300;
    static final int PAGE_WITH_TOTAL = 300;
    /**
     * The queries of the search phase, each as a reader types it, as FTS5 and to_tsquery read it, and the posts (by
     * index: title "Post i", body "Body of post i.") it finds: one word, two words, a phrase, a prefix of a few posts,
     * an exclusion, and a prefix of some five hundred published posts (which the engine ranks before the page).
     */
    static final List<Workload.SearchCase> SEARCHES = List.of(
            new Workload.SearchCase("4242", "(\"4242\")", "('4242')", marks(Set.of("4242")), p -> p == 4242),
            new Workload.SearchCase("post 778", "(\"post\" AND \"778\")", "('post') & ('778')",
                    marks(Set.of("post", "778")), p -> p == 778),
            new Workload.SearchCase("\"post 1234\"", "(\"post 1234\")", "('post' <-> '1234')",
                    marks(Set.of("post", "1234")), p -> p == 1234),
            new Workload.SearchCase("9998*", "(\"9998\" *)", "('9998':*)", marks(Set.of(), "9998"),
                    p -> String.valueOf(p).startsWith("9998")),
            // "body" as the index holds it: stemmed
            new Workload.SearchCase("body 31338 -draft", "(\"bodi\" AND \"31338\") NOT \"draft\"",
                    "('bodi') & ('31338') & !('draft')", marks(Set.of("bodi", "31338")), p -> p == 31338),
            new Workload.SearchCase("100*", "(\"100\" *)", "('100':*)", marks(Set.of(), "100"),
                    p -> String.valueOf(p).startsWith("100")));

    private static dev.blogkit.internal.text.Snippets.Matcher marks(Set<String> exact, String... prefixes) {
        return new dev.blogkit.internal.text.Snippets.Matcher(exact, List.of(prefixes));
    }

    static final int POSTS_PER_USER = 20;
    static final int USER_WITH_POSTS = 1_000;
    static final int UPDATE_POSTS = 2_000;
    static final int DELETE_USERS = 100;

    /** The deep page of the measured run: page 4,000 of 10, offset 39,990. */
    static final int DEEP_PAGE = 4_000;

    private final Dataset data;
    private final int deepPage;
    private final List<Workload> sides;
    private final Model model;
    private final PrintStream out;
    private final List<Result> results = new ArrayList<>();

    /**
     * @param out where each measured phase prints its JSON line; null for the warm-up, which prints nothing
     */
    Run(Dataset data, int deepPage, List<Workload> sides, PrintStream out) {
        this.data = data;
        this.deepPage = deepPage;
        this.sides = sides;
        this.model = new Model(data, data.bulkPosts() + CREATE_POST_TX);
        this.out = out;
    }

    /** The measured run: every phase of the workload, in order. */
    List<Result> all() throws Exception {
        load();
        createPostTx();
        reads();
        updatePosts();
        deleteUsers();
        sameTitle();
        return results;
    }

    /** The warm-up: the data, then the phases page_first to user_with_posts. */
    List<Result> warmUp() throws Exception {
        load();
        reads();
        return results;
    }

    private void load() throws Exception {
        phase("schema", 1, Workload::createSchema);
        checkTotals("schema");

        List<Dataset.UserRow> users = data.userRows();
        phase("insert_users", users.size(), side -> side.insertUsers(users));
        model.addUsers();
        checkTotals("insert_users");
        checkUserIds();

        List<PostRow> posts = data.postRows(0, data.bulkPosts());
        phase("insert_posts", posts.size(), side -> side.insertPosts(posts));
        model.addPosts(0, data.bulkPosts());
        checkTotals("insert_posts");
        notePostIds("insert_posts");

        // untimed: the tag page_by_tag lists
        for (Workload side : sides) {
            List<Long> tagged = new ArrayList<>();
            for (long i = 0; i < data.bulkPosts(); i += TAG_EVERY) {
                tagged.add(side.postId(i));
            }
            side.tagPosts(tagged, TAG);
        }
    }

    private void createPostTx() throws Exception {
        List<PostRow> posts = data.postRows(data.bulkPosts(), data.bulkPosts() + CREATE_POST_TX);
        phase("create_post_tx", CREATE_POST_TX, side -> {
            for (PostRow post : posts) {
                side.createPost(post);
            }
        });
        model.addPosts(data.bulkPosts(), data.bulkPosts() + CREATE_POST_TX);
        checkTotals("create_post_tx");
        notePostIds("create_post_tx");
    }

    private void reads() throws Exception {
        List<Page> first = timed("page_first", PAGE_FIRST, side -> {
            Page page = null;
            for (int k = 0; k < PAGE_FIRST; k++) {
                page = side.page(1, PER_PAGE);
            }
            return page;
        });
        checkEach("page_first", "page 1", first, side -> model.page(0, PER_PAGE, side::postId));

        int deepOffset = (deepPage - 1) * PER_PAGE;
        Page expectedDeep = model.page(deepOffset, PER_PAGE);
        if (expectedDeep.items().size() != PER_PAGE) {
            throw new IllegalStateException("page " + deepPage + " is not a full page of this data set");
        }
        List<Page> deep = timed("page_deep", PAGE_DEEP, side -> {
            Page page = null;
            for (int k = 0; k < PAGE_DEEP; k++) {
                page = side.page(deepPage, PER_PAGE);
            }
            return page;
        });
        checkEach("page_deep", "page " + deepPage, deep, side -> model.page(deepOffset, PER_PAGE, side::postId));

        List<Page> keyset = timed("page_deep_keyset", PAGE_DEEP_KEYSET, side -> side.cursorAfter(deepOffset),
                (side, cursor) -> {
                    Page page = null;
                    for (int k = 0; k < PAGE_DEEP_KEYSET; k++) {
                        page = side.pageAfter(cursor, PER_PAGE);
                    }
                    return page;
                });
        checkEach("page_deep_keyset", "the page after post " + deepOffset + " (page_deep's posts)", keyset,
                side -> model.page(deepOffset, PER_PAGE, side::postId));

        List<Page> byTag = timed("page_by_tag", PAGE_BY_TAG, side -> {
            Page page = null;
            for (int k = 0; k < PAGE_BY_TAG; k++) {
                page = side.pageByTag(TAG, PER_PAGE);
            }
            return page;
        });
        checkEach("page_by_tag", "the first page of tag " + TAG, byTag,
                side -> model.page(0, PER_PAGE, side::postId, p -> p < data.bulkPosts() && p % TAG_EVERY == 0));

        List<List<Workload.Hits>> searched = timed("search", SEARCH, side -> {
            Workload.Hits[] last = new Workload.Hits[SEARCHES.size()];
            for (int k = 0; k < SEARCH; k++) {
                last[k % SEARCHES.size()] = side.search(SEARCHES.get(k % SEARCHES.size()), PER_PAGE);
            }
            return Arrays.asList(last);
        });
        checkEach("search", "the first page of each query and its total", searched, side -> {
            List<Workload.Hits> expected = new ArrayList<>();
            for (Workload.SearchCase search : SEARCHES) {
                expected.add(new Workload.Hits(model.page(0, PER_PAGE, side::postId, search.finds()),
                        model.page(0, Integer.MAX_VALUE, side::postId, search.finds()).items().size()));
            }
            return expected;
        });

        List<Workload.Hits> withTotal = timed("page_with_total", PAGE_WITH_TOTAL, side -> {
            Workload.Hits page = null;
            for (int k = 0; k < PAGE_WITH_TOTAL; k++) {
                page = side.pageWithTotal(1 + k % 3, PER_PAGE);
            }
            return page;
        });
        int lastWithTotal = (PAGE_WITH_TOTAL - 1) % 3;
        checkEach("page_with_total", "page " + (lastWithTotal + 1) + " and the total", withTotal,
                side -> new Workload.Hits(model.page(lastWithTotal * PER_PAGE, PER_PAGE, side::postId),
                        model.countPublished()));

        List<Long> counts = timed("count_published", COUNT_PUBLISHED, side -> {
            long count = 0;
            for (int k = 0; k < COUNT_PUBLISHED; k++) {
                count = side.countPublished();
            }
            return count;
        });
        check("count_published", "the count", counts, model.countPublished());

        List<List<UserCount>> perUser = timed("posts_per_user", POSTS_PER_USER, side -> {
            List<UserCount> rows = null;
            for (int k = 0; k < POSTS_PER_USER; k++) {
                rows = side.postsPerUser();
            }
            return rows;
        });
        check("posts_per_user", "the users' post counts", perUser, model.postsPerUser());

        long[] userIds = SplitMix64.ids(USER_WITH_POSTS, data.users());
        List<List<UserPosts>> loaded = timed("user_with_posts", USER_WITH_POSTS, side -> {
            UserPosts[] users = new UserPosts[USER_WITH_POSTS];
            for (int k = 0; k < USER_WITH_POSTS; k++) {
                users[k] = side.userWithPosts(userIds[k]);
            }
            return Arrays.asList(users);
        });
        checkEach("user_with_posts", "the users and posts loaded", loaded, side -> {
            List<UserPosts> expected = new ArrayList<>();
            for (long id : userIds) {
                expected.add(model.userWithPosts(id, side::postId));
            }
            return expected;
        });
    }

    private void updatePosts() throws Exception {
        long[] postIds = SplitMix64.ids(UPDATE_POSTS, model.postCount());
        String[] titles = new String[UPDATE_POSTS];
        for (int k = 0; k < UPDATE_POSTS; k++) {
            titles[k] = Dataset.updatedTitle(Dataset.postIndex(postIds[k]), k);
        }
        timed("update_posts", UPDATE_POSTS, side -> {
            long[] ids = new long[UPDATE_POSTS];
            for (int k = 0; k < UPDATE_POSTS; k++) {
                ids[k] = side.postId(Dataset.postIndex(postIds[k]));
            }
            return ids;
        }, (side, ids) -> {
            for (int k = 0; k < UPDATE_POSTS; k++) {
                side.updatePost(ids[k], titles[k]);
            }
            return null;
        });
        for (int k = 0; k < UPDATE_POSTS; k++) {
            model.updatePost(postIds[k], titles[k]);
        }
        checkTotals("update_posts");
        // the last post updated, read back with its author's other posts: published, with the new title
        long author = Dataset.userId(data.author(Dataset.postIndex(postIds[UPDATE_POSTS - 1])));
        List<UserPosts> readBack = new ArrayList<>();
        for (Workload side : sides) {
            readBack.add(side.userWithPosts(author));
        }
        checkEach("update_posts", "user " + author + "'s posts after the updates", readBack,
                side -> model.userWithPosts(author, side::postId));
    }

    private void deleteUsers() throws Exception {
        long[] userIds = SplitMix64.distinctIds(DELETE_USERS, data.users());
        List<Integer> deleted = timed("delete_users", DELETE_USERS, side -> {
            int count = 0;
            for (long id : userIds) {
                count += side.deleteUser(id) ? 1 : 0;
            }
            return count;
        });
        check("delete_users", "the number of users deleted", deleted, DELETE_USERS);
        for (long id : userIds) {
            model.deleteUser(id);
        }
        checkTotals("delete_users");
    }

    /** Posts of one title: the slug's suffix must cost the same whatever number of posts share it. */
    static final String SAME_TITLE = "Weekly update";
    static final int SAME_TITLE_BULK = 100_000;
    static final int SAME_TITLE_TX = 1_000;

    /**
     * create_same_title: 100,000 posts titled alike in one bulk call; create_same_title_tx: 1,000 more, one call
     * each, every one of them a title 100,000 stored posts share. The author is one delete_users left.
     */
    private void sameTitle() throws Exception {
        long author = model.anyUser();
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        List<PostRow> bulk = new ArrayList<>(SAME_TITLE_BULK);
        for (int i = 0; i < SAME_TITLE_BULK; i++) {
            bulk.add(new PostRow(-1, author, SAME_TITLE, "Body of a weekly update.", false, at.plusSeconds(i)));
        }
        phase("create_same_title", SAME_TITLE_BULK, side -> side.insertSameTitle(bulk));
        List<PostRow> single = new ArrayList<>(SAME_TITLE_TX);
        for (int i = 0; i < SAME_TITLE_TX; i++) {
            single.add(new PostRow(-1, author, SAME_TITLE, "Body of a weekly update.", false,
                    at.plusSeconds(SAME_TITLE_BULK + i)));
        }
        phase("create_same_title_tx", SAME_TITLE_TX, side -> {
            for (PostRow post : single) {
                side.createSameTitle(post);
            }
        });
        List<long[]> counts = new ArrayList<>();
        for (Workload side : sides) {
            counts.add(side.sameTitleCounts(SAME_TITLE));
        }
        for (long[] c : counts) {
            check("create_same_title", "the posts titled '" + SAME_TITLE + "' and their distinct slugs",
                    List.of(Arrays.toString(c)), Arrays.toString(new long[] {SAME_TITLE_BULK + SAME_TITLE_TX,
                            SAME_TITLE_BULK + SAME_TITLE_TX}));
        }
    }

    // ---- timing and checks

    @FunctionalInterface
    private interface Body {
        void run(Workload side) throws Exception;
    }

    @FunctionalInterface
    private interface TimedBody<T> {
        T run(Workload side) throws Exception;
    }

    @FunctionalInterface
    private interface Prepare<P> {
        P prepare(Workload side) throws Exception;
    }

    @FunctionalInterface
    private interface PreparedBody<P, T> {
        T run(Workload side, P prepared) throws Exception;
    }

    private void phase(String name, int ops, Body body) throws Exception {
        timed(name, ops, side -> {
            body.run(side);
            return null;
        });
    }

    private <T> List<T> timed(String name, int ops, TimedBody<T> body) throws Exception {
        return timed(name, ops, side -> null, (side, nothing) -> body.run(side));
    }

    /** Runs the phase on each side: {@code prepare} untimed, then {@code body} timed. */
    private <P, T> List<T> timed(String name, int ops, Prepare<P> prepare, PreparedBody<P, T> body) throws Exception {
        List<T> outputs = new ArrayList<>();
        for (Workload side : sides) {
            P prepared = prepare.prepare(side);
            System.gc();
            long start = System.nanoTime();
            T output;
            try {
                output = body.run(side, prepared);
            } catch (BenchmarkFailure e) {
                throw e;
            } catch (Exception e) {
                throw new PhaseException(side.impl() + " failed in phase " + name, e);
            }
            long nanos = System.nanoTime() - start;
            Result result = new Result(side.impl(), name, ops, nanos / 1e9);
            results.add(result);
            if (out != null) {
                out.println(result.json());
                out.flush();
            }
            outputs.add(output);
        }
        return outputs;
    }

    private void checkTotals(String phase) throws Exception {
        List<Workload.Totals> totals = new ArrayList<>();
        for (Workload side : sides) {
            totals.add(side.totals());
        }
        check(phase, "the rows in the database (users, posts, published posts)", totals, model.totals());
    }

    /**
     * The model assumes user u has id u + 1 (the post rows name their authors so, and the phases draw user ids so):
     * true of every side whose users were created in one bulk into a new database.
     */
    private void checkUserIds() throws Exception {
        for (Workload side : sides) {
            for (int u = 0; u < data.users(); u++) {
                if (side.userId(u) != Dataset.userId(u)) {
                    throw new BenchmarkFailure("insert_users: " + side.impl() + " gave user " + u + " the id "
                            + side.userId(u) + ", not " + Dataset.userId(u) + " as the workload's rows assume");
                }
            }
        }
    }

    /** Says so when a side's database gave posts other ids than the workload's i + 1: the checks then use its own. */
    private void notePostIds(String phase) {
        for (Workload side : sides) {
            long other = 0;
            long first = -1;
            for (long i = 0; i < model.postCount(); i++) {
                if (side.postId(i) != Dataset.postId(i)) {
                    other++;
                    first = first < 0 ? i : first;
                }
            }
            if (other > 0) {
                Benchmark.status("%s: %s's database gave %,d of %,d posts other ids than the workload's i + 1 (post %d "
                        + "has id %d, not %d); the checks hold %s to the ids it gave", phase, side.impl(), other,
                        model.postCount(), first, side.postId(first), Dataset.postId(first), side.impl());
            }
        }
    }

    /**
     * Where the expected result holds ids of posts: each side's is the workload's in the ids its database gave
     * ({@link Workload#postId}). When those are the same on every side (SQLite), the same check as
     * {@link #check(String, String, List, Object)}; otherwise each side against its own.
     */
    private <T> void checkEach(String phase, String what, List<T> outputs, Function<Workload, T> expectedOf) {
        List<T> expected = new ArrayList<>();
        for (Workload side : sides) {
            expected.add(expectedOf.apply(side));
        }
        if (expected.stream().distinct().count() == 1) {
            check(phase, what, outputs, expected.get(0));
            return;
        }
        for (int k = 0; k < outputs.size(); k++) {
            if (!Objects.equals(outputs.get(k), expected.get(k))) {
                throw new BenchmarkFailure(phase + ": " + sides.get(k).impl() + " is wrong on " + what
                        + " (in the ids its database gave):\n  " + sides.get(k).impl() + ": " + shorten(outputs.get(k))
                        + "\n  expected: " + shorten(expected.get(k)));
            }
        }
    }

    /** The sides must agree with each other, then with the model. */
    private <T> void check(String phase, String what, List<T> outputs, T expected) {
        for (int k = 1; k < outputs.size(); k++) {
            if (!Objects.equals(outputs.get(k), outputs.get(0))) {
                throw new BenchmarkFailure(phase + ": the sides disagree on " + what + ":\n  "
                        + sides.get(0).impl() + ": " + shorten(outputs.get(0)) + "\n  "
                        + sides.get(k).impl() + ": " + shorten(outputs.get(k)));
            }
        }
        if (!Objects.equals(outputs.get(0), expected)) {
            throw new BenchmarkFailure(phase + ": both sides agree on " + what + ", but not with the workload:\n  "
                    + "both:     " + shorten(outputs.get(0)) + "\n  expected: " + shorten(expected));
        }
    }

    private static String shorten(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 400 ? text : text.substring(0, 400) + "... (" + text.length() + " characters)";
    }

    /** A side threw during a phase. */
    static final class PhaseException extends Exception {
        PhaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
