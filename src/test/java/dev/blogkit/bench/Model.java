package dev.blogkit.bench;

import dev.blogkit.bench.Workload.Page;
import dev.blogkit.bench.Workload.PageItem;
import dev.blogkit.bench.Workload.Totals;
import dev.blogkit.bench.Workload.UserCount;
import dev.blogkit.bench.Workload.UserPosts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * What the database must hold after each phase, kept in memory from the workload's rules alone: the checks hold
 * both sides to it, so that two sides that agree on a wrong answer fail too.
 */
final class Model {

    private final Dataset data;
    private final boolean[] userAlive;
    private final int[] author;
    private final boolean[] published;
    private final int[] textChars;
    private int posts;

    Model(Dataset data, int postCapacity) {
        this.data = data;
        this.userAlive = new boolean[data.users()];
        this.author = new int[postCapacity];
        this.published = new boolean[postCapacity];
        this.textChars = new int[postCapacity];
    }

    void addUsers() {
        java.util.Arrays.fill(userAlive, true);
    }

    /** Posts from .. to-1, in order. */
    void addPosts(long from, long to) {
        if (from != posts) {
            throw new IllegalStateException("posts are added in order: " + posts + " then " + from);
        }
        for (long i = from; i < to; i++) {
            int p = (int) i;
            author[p] = data.author(i);
            published[p] = Dataset.published(i);
            textChars[p] = Dataset.title(i).length() + Dataset.body(i).length();
        }
        posts = (int) to;
    }

    void updatePost(long postId, String title) {
        int p = (int) Dataset.postIndex(postId);
        published[p] = true;
        textChars[p] = title.length() + Dataset.body(p).length();
    }

    void deleteUser(long userId) {
        userAlive[Dataset.userIndex(userId)] = false;
    }

    long postCount() {
        return posts;
    }

    /** The id of a user that is there (the first one delete_users left). */
    long anyUser() {
        for (int u = 0; u < userAlive.length; u++) {
            if (userAlive[u]) {
                return Dataset.userId(u);
            }
        }
        throw new IllegalStateException("no user is left");
    }

    /** {@link #page(int, int, LongUnaryOperator)} in the workload's ids, i + 1. */
    Page page(int offset, int limit) {
        return page(offset, limit, Dataset::postId);
    }

    /**
     * Published posts newest first (created_at grows with the index), skipping {@code offset}, at most
     * {@code limit}; post i with the id {@code postId} gives it.
     */
    Page page(int offset, int limit, LongUnaryOperator postId) {
        return page(offset, limit, postId, p -> true);
    }

    /** {@link #page(int, int, LongUnaryOperator)} of the posts that {@code listed} lets through. */
    Page page(int offset, int limit, LongUnaryOperator postId, java.util.function.IntPredicate listed) {
        List<PageItem> items = new ArrayList<>(Math.min(limit, 1_024));
        int skipped = 0;
        for (int p = posts - 1; p >= 0 && items.size() < limit; p--) {
            if (!exists(p) || !published[p] || !listed.test(p)) {
                continue;
            }
            if (skipped++ < offset) {
                continue;
            }
            items.add(new PageItem(postId.applyAsLong(p), Dataset.username(author[p]),
                    Dataset.postCreatedAt(p).toEpochMilli()));
        }
        return new Page(items);
    }

    long countPublished() {
        long count = 0;
        for (int p = 0; p < posts; p++) {
            if (exists(p) && published[p]) {
                count++;
            }
        }
        return count;
    }

    List<UserCount> postsPerUser() {
        long[] counts = new long[data.users()];
        for (int p = 0; p < posts; p++) {
            counts[author[p]]++;
        }
        List<UserCount> rows = new ArrayList<>();
        for (int u = 0; u < data.users(); u++) {
            if (userAlive[u]) {
                rows.add(new UserCount(Dataset.username(u), counts[u]));
            }
        }
        rows.sort(Comparator.comparingLong(UserCount::posts).reversed().thenComparing(UserCount::username));
        return rows;
    }

    /** {@link #userWithPosts(long, LongUnaryOperator)} in the workload's ids, i + 1. */
    UserPosts userWithPosts(long userId) {
        return userWithPosts(userId, Dataset::postId);
    }

    /**
     * The user's posts oldest first: by index, as created_at grows with it; post i with the id {@code postId}
     * gives it.
     */
    UserPosts userWithPosts(long userId, LongUnaryOperator postId) {
        int u = Dataset.userIndex(userId);
        if (u < 0 || u >= data.users() || !userAlive[u]) {
            return null;
        }
        int count = 0;
        long idSum = 0;
        long firstId = 0;
        long lastId = 0;
        int publishedCount = 0;
        long chars = 0;
        for (int p = 0; p < posts; p++) {
            if (author[p] != u) {
                continue;
            }
            long id = postId.applyAsLong(p);
            if (count == 0) {
                firstId = id;
            }
            lastId = id;
            count++;
            idSum += id;
            publishedCount += published[p] ? 1 : 0;
            chars += textChars[p];
        }
        return new UserPosts(userId, Dataset.username(u), count, idSum, firstId, lastId, publishedCount, chars);
    }

    Totals totals() {
        long users = 0;
        for (boolean alive : userAlive) {
            users += alive ? 1 : 0;
        }
        long rows = 0;
        for (int p = 0; p < posts; p++) {
            rows += exists(p) ? 1 : 0;
        }
        return new Totals(users, rows, countPublished());
    }

    private boolean exists(int p) {
        return userAlive[author[p]];
    }
}
