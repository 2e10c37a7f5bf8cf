package dev.blogkit.bench;

import dev.blogkit.bench.Dataset.PostRow;
import dev.blogkit.bench.Dataset.UserRow;
import java.util.List;

/**
 * One implementation of the workload, on its own new SQLite file or empty PostgreSQL schema: one method per op of
 * a phase (or per phase where the workload's phase is one transaction). {@link Run} times the calls, draws the ids
 * and checks what the methods return; implementations only do what one op is.
 */
interface Workload extends AutoCloseable {

    /** "blogkit" or "jdbc": the {@code impl} of the results. */
    String impl();

    /** schema: connects, and creates the tables in the new file or empty schema. */
    void createSchema() throws Exception;

    /** insert_users: all users in one transaction. */
    void insertUsers(List<UserRow> users) throws Exception;

    /** insert_posts: all posts in one transaction. */
    void insertPosts(List<PostRow> posts) throws Exception;

    /** Untimed: tags each of these posts with {@code tag} (BlogKit: tagPost, one call each). */
    void tagPosts(List<Long> postIds, String tag) throws Exception;

    /** page_by_tag: the first {@code limit} published posts that carry the tag, newest first. */
    Page pageByTag(String tag, int limit) throws Exception;

    /**
     * search: the first {@code perPage} published posts that match the query, best match first, and the number of
     * all matches, read in one transaction.
     */
    Hits search(SearchCase query, int perPage) throws Exception;

    /** page_with_total: page {@code page} of published posts, newest first, and their number, in one transaction. */
    Hits pageWithTotal(int page, int perPage) throws Exception;

    /** create_post_tx: one post, one transaction. */
    void createPost(PostRow post) throws Exception;

    /** page_first, page_deep: one page of published posts, newest first, with their authors' usernames. */
    Page page(int page, int perPage) throws Exception;

    /** Untimed: a cursor that points just after the {@code position}-th published post, newest first. */
    Object cursorAfter(int position) throws Exception;

    /** page_deep_keyset: the {@code limit} published posts after the cursor, newest first. */
    Page pageAfter(Object cursor, int limit) throws Exception;

    /** count_published. */
    long countPublished() throws Exception;

    /** posts_per_user: every user's username and post count, most posts first, then username. */
    List<UserCount> postsPerUser() throws Exception;

    /** user_with_posts: the user and all their posts, loaded and read; null if there is no such user. */
    UserPosts userWithPosts(long userId) throws Exception;

    /** update_posts: published = true and the new title, one transaction. */
    void updatePost(long postId, String title) throws Exception;

    /** delete_users: the user and, by ON DELETE CASCADE, their posts, one transaction; false if there was none. */
    boolean deleteUser(long userId) throws Exception;

    /**
     * create_same_title: posts that all have one title, in one transaction (BlogKit: its bulk path), each with a
     * slug of its own: the title's, or it with the next suffix.
     */
    void insertSameTitle(List<PostRow> posts) throws Exception;

    /** create_same_title_tx: one post whose title many stored posts have, with a slug of its own, one transaction. */
    void createSameTitle(PostRow post) throws Exception;

    /** Untimed: the number of posts with this title, and of distinct slugs among them. */
    long[] sameTitleCounts(String title) throws Exception;

    /** Untimed: the rows in the database, for the checks between phases. */
    Totals totals() throws Exception;

    /**
     * Untimed: the id this side's database gave post i (0-based), once post i was created. The workload's own
     * numbering is i + 1, what a new SQLite file and a new identity sequence give when nothing skips an id; a side
     * whose ids may skip (BlogKit on PostgreSQL takes ids from the sequence in blocks, and a bulk create
     * leaves the rest of its last block unused) returns the ids it was given. {@link Run} sends each side its own
     * ids, and holds each side's results to the workload in its own ids.
     */
    default long postId(long i) {
        return Dataset.postId(i);
    }

    /** Untimed: the id this side's database gave user u (0-based); {@link Run} checks it is u + 1. */
    default long userId(int u) {
        return Dataset.userId(u);
    }

    /** One published post of a page, as the checks compare it. */
    record PageItem(long id, String username, long createdAtMillis) {
    }

    /** A page of published posts. */
    record Page(List<PageItem> items) {
    }

    /** A page and the number of items of the whole listing. */
    record Hits(Page page, long total) {
    }

    /**
     * A query of the search phase: what a reader types (BlogKit's searchPosts parses it), the same query as the
     * plain JDBC side writes it, analysed (SearchText), for FTS5 and as a PostgreSQL tsquery, the words its snippets
     * mark, and which posts (by index) it finds.
     */
    record SearchCase(String typed, String fts5, String tsquery, dev.blogkit.internal.text.Snippets.Matcher marks,
                      java.util.function.IntPredicate finds) {
    }

    /** One row of posts_per_user. */
    record UserCount(String username, long posts) {
    }

    /**
     * What user_with_posts read: the user, and of their posts (oldest first) the number, the sum of the ids, the
     * first and the last id, how many are published, and the characters of their titles and bodies.
     */
    record UserPosts(long userId, String username, int posts, long idSum, long firstId, long lastId, int published,
                     long textChars) {
    }

    /** Rows in the database. */
    record Totals(long users, long posts, long publishedPosts) {
    }
}
