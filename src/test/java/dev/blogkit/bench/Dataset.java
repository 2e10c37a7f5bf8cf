package dev.blogkit.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the workload (/work/shared/bench/WORKLOAD.md) as formulas, for a database of {@code users} users
 * and {@code bulkPosts} bulk-inserted posts (1,000 and 100,000 in the measured run).
 *
 * <ul>
 *   <li>user u (0-based) is {@code user<u>}, {@code user<u>@example.com}, created at 2023-12-31T00:00:00Z + u s
 *       (any time before the posts would do); on a fresh file its id is u + 1;</li>
 *   <li>post i (0-based) is created at 2024-01-01T00:00:00Z + i s, published when i is even, titled
 *       {@code Post <i>} with body {@code Body of post <i>.}; its id is i + 1;</li>
 *   <li>the bulk posts: user u writes posts u*100 .. u*100+99;</li>
 *   <li>the create_post_tx posts i = bulkPosts .. bulkPosts+999 follow the same created_at and published rules;
 *       the workload does not name their author (u*100 would name users that do not exist), so post i is written
 *       by user {@code (i - bulkPosts) mod users}: each user gets one, and ends the phase with 101 posts.</li>
 * </ul>
 */
record Dataset(int users, int bulkPosts) {

    static final Instant USERS_START = Instant.parse("2023-12-31T00:00:00Z");
    static final Instant POSTS_START = Instant.parse("2024-01-01T00:00:00Z");
    static final int POSTS_PER_USER = 100;

    /** The measured run. */
    static final Dataset MEASURED = new Dataset(1_000, 100_000);

    /** The warm-up's throwaway database. */
    static final Dataset WARM_UP = new Dataset(100, 10_000);

    Dataset {
        if ((long) users * POSTS_PER_USER != bulkPosts) {
            throw new IllegalArgumentException("100 posts per user: " + users + " users, " + bulkPosts + " posts");
        }
    }

    static String username(int u) {
        return "user" + u;
    }

    static String email(int u) {
        return "user" + u + "@example.com";
    }

    static Instant userCreatedAt(int u) {
        return USERS_START.plusSeconds(u);
    }

    static long userId(int u) {
        return u + 1L;
    }

    static int userIndex(long userId) {
        return (int) (userId - 1);
    }

    static Instant postCreatedAt(long i) {
        return POSTS_START.plusSeconds(i);
    }

    static boolean published(long i) {
        return i % 2 == 0;
    }

    static String title(long i) {
        return "Post " + i;
    }

    static String body(long i) {
        return "Body of post " + i + ".";
    }

    static long postId(long i) {
        return i + 1;
    }

    static long postIndex(long postId) {
        return postId - 1;
    }

    /** The title update_posts gives post i in op k (never the title it had, so that every op really writes). */
    static String updatedTitle(long i, int k) {
        return "Post " + i + " updated in op " + k;
    }

    int author(long i) {
        return i < bulkPosts ? (int) (i / POSTS_PER_USER) : (int) ((i - bulkPosts) % users);
    }

    List<UserRow> userRows() {
        List<UserRow> rows = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            rows.add(new UserRow(u, username(u), email(u), userCreatedAt(u)));
        }
        return rows;
    }

    /** Posts from .. to-1. */
    List<PostRow> postRows(long from, long to) {
        List<PostRow> rows = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            rows.add(postRow(i));
        }
        return rows;
    }

    PostRow postRow(long i) {
        return new PostRow(i, userId(author(i)), title(i), body(i), published(i), postCreatedAt(i));
    }

    /** A user to insert: index u, and what the workload says about it. */
    record UserRow(int index, String username, String email, Instant createdAt) {
    }

    /** A post to insert: index i, its author's id, and what the workload says about it. */
    record PostRow(long index, long authorId, String title, String body, boolean published, Instant createdAt) {
    }
}
