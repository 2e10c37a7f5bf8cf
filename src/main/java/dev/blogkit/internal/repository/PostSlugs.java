package dev.blogkit.internal.repository;

import dev.blogkit.DuplicateException;
import dev.blogkit.model.Post;
import dev.blogkit.model.Slugs;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SharedSessionContract;

/**
 * The slugs of posts: a post's slug is claimed in {@code post_slugs}, which holds every slug any post has or had,
 * before the post is written with it. A claim is one {@code INSERT ... ON CONFLICT DO NOTHING} (the same on SQLite
 * and PostgreSQL): when two transactions want one slug, the second waits for the first and then learns, without
 * failing its transaction, that the slug is taken, and takes the next suffix.
 */
final class PostSlugs {

    /** Room left at the end of a derived slug for its suffix: a hyphen and up to ten digits. */
    private static final int SUFFIX_ROOM = 11;

    /** A derived slug when the title has no letter or digit. */
    private static final String FALLBACK = "post";

    private static final String CLAIM = "INSERT INTO post_slugs (slug, post_id) VALUES (:slug, :postId) ON CONFLICT DO NOTHING";
    private static final String OWNER = "SELECT post_id FROM post_slugs WHERE slug = :slug";
    /** The slugs that begin with a base and a hyphen, by byte order (slugs compare byte by byte on both databases). */
    private static final String WITH_PREFIX = "SELECT slug FROM post_slugs WHERE slug >= :from AND slug < :to";

    private PostSlugs() {
    }

    /** The slug BlogKit derives from a title, before it is made unique. */
    static String base(String title) {
        String slug = Slugs.fromText(title, Post.SLUG_MAX_LENGTH - SUFFIX_ROOM);
        return slug.isEmpty() ? FALLBACK : slug;
    }

    /** Claims {@code base}, or the first of {@code base-2}, {@code base-3}, ... that no post has or had. */
    static String claimDerived(SharedSessionContract session, String base, long postId) {
        if (claim(session, base, postId)) {
            return base;
        }
        Set<String> taken = new HashSet<>(takenWithSuffix(session, base));
        for (long n = 2; ; n++) {
            String candidate = base + "-" + n;
            if (!taken.contains(candidate) && claim(session, candidate, postId)) {
                return candidate;
            }
        }
    }

    /**
     * Claims a slug the caller chose for post {@code postId}: free, or one the post has or had already.
     *
     * @throws DuplicateException if another post has or had it
     */
    static void claimGiven(SharedSessionContract session, String slug, long postId, String operation) {
        if (claim(session, slug, postId)) {
            return;
        }
        Long owner = session.createNativeQuery(OWNER, Long.class).setParameter("slug", slug).uniqueResult();
        if (owner == null || owner != postId) {
            throw new DuplicateException("slug", operation + ": slug '" + slug + "' is taken: another post has or had "
                    + "it, and old slugs keep finding their posts", null);
        }
    }

    /** The slugs {@code base-...} that are taken. */
    static List<String> takenWithSuffix(SharedSessionContract session, String base) {
        return session.createNativeQuery(WITH_PREFIX, String.class)
                .setParameter("from", base + "-")
                .setParameter("to", base + ".") // '.' follows '-'
                .getResultList();
    }

    /** Which of these slugs are taken (at most 1,000 at a time). */
    static List<String> taken(SharedSessionContract session, Collection<String> slugs) {
        return session.createNativeQuery("SELECT slug FROM post_slugs WHERE slug IN (:slugs)", String.class)
                .setParameterList("slugs", slugs)
                .getResultList();
    }

    private static boolean claim(SharedSessionContract session, String slug, long postId) {
        return session.createNativeMutationQuery(CLAIM)
                .setParameter("slug", slug)
                .setParameter("postId", postId)
                .executeUpdate() == 1;
    }
}
