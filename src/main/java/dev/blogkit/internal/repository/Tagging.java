package dev.blogkit.internal.repository;

import dev.blogkit.InvalidInputException;
import dev.blogkit.TagCount;
import dev.blogkit.model.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SharedSessionContract;

/**
 * Tags and taggings, in native SQL that is the same on SQLite and PostgreSQL: a tag is created on first use with
 * {@code INSERT ... ON CONFLICT (slug) DO NOTHING}, so that two transactions tagging with one new name create one tag
 * and neither fails; a tagging likewise. A post whose tags change gets a new version and update time.
 */
final class Tagging {

    private static final String CREATE_TAG = """
            INSERT INTO tags (name, slug, created_at) VALUES (:name, :slug, :now)
            ON CONFLICT (slug) DO NOTHING
            """;
    private static final String TAG_IDS = "SELECT id FROM tags WHERE slug IN (:slugs)";
    private static final String TAG = """
            INSERT INTO post_tags (post_id, tag_id) VALUES (:postId, :tagId)
            ON CONFLICT DO NOTHING
            """;
    private static final String UNTAG = """
            DELETE FROM post_tags
            WHERE post_id = :postId AND tag_id IN (SELECT id FROM tags WHERE slug IN (:slugs))
            """;
    private static final String TOUCH_TAGGED = """
            UPDATE posts SET updated_at = :now, version = version + 1
            WHERE id IN (SELECT pt.post_id FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.slug = :slug)
            """;
    private static final String DELETE_TAG = "DELETE FROM tags WHERE slug = :slug";
    /** Every tag, with its published posts (published_at up to now), most first, then by slug. */
    private static final String COUNTS = """
            SELECT t.name, t.slug, count(p.id)
            FROM tags t
            LEFT JOIN post_tags pt ON pt.tag_id = t.id
            LEFT JOIN posts p ON p.id = pt.post_id AND p.published_at <= :now
            GROUP BY t.id, t.name, t.slug
            ORDER BY count(p.id) DESC, t.slug
            """;

    private Tagging() {
    }

    /**
     * The tags these names stand for, by slug, each with the name as first given; checked before anything runs.
     *
     * @throws InvalidInputException if names is null or empty, or a name breaks a rule of {@link Tag}
     */
    static Map<String, String> namesBySlug(String operation, String[] names) {
        if (names == null || names.length == 0) {
            throw new InvalidInputException("names", operation + ": names must hold at least one tag name");
        }
        Map<String, String> bySlug = new LinkedHashMap<>();
        for (String name : names) {
            bySlug.putIfAbsent(Tag.slugOf(name), name);
        }
        return bySlug;
    }

    /** Tags the post, creating the tags that do not exist; how many taggings were added. */
    static int tag(SharedSessionContract session, long postId, Map<String, String> namesBySlug, Instant now) {
        for (Map.Entry<String, String> tag : namesBySlug.entrySet()) {
            session.createNativeMutationQuery(CREATE_TAG)
                    .setParameter("name", tag.getValue())
                    .setParameter("slug", tag.getKey())
                    .setParameter("now", now)
                    .executeUpdate();
        }
        List<Long> ids = session.createNativeQuery(TAG_IDS, Long.class)
                .setParameterList("slugs", new ArrayList<>(namesBySlug.keySet()))
                .getResultList();
        int added = 0;
        for (Long tagId : ids) {
            added += session.createNativeMutationQuery(TAG)
                    .setParameter("postId", postId)
                    .setParameter("tagId", tagId)
                    .executeUpdate();
        }
        return added;
    }

    /** Takes these tags off the post (names that are no tag of it are ignored); how many taggings went. */
    static int untag(SharedSessionContract session, long postId, Map<String, String> namesBySlug) {
        return session.createNativeMutationQuery(UNTAG)
                .setParameter("postId", postId)
                .setParameterList("slugs", new ArrayList<>(namesBySlug.keySet()))
                .executeUpdate();
    }

    /** Deletes the tag and its taggings; the posts that carried it get a new version. False if there was none. */
    static boolean delete(SharedSessionContract session, String slug, Instant now) {
        session.createNativeMutationQuery(TOUCH_TAGGED)
                .setParameter("now", now)
                .setParameter("slug", slug)
                .executeUpdate();
        return session.createNativeMutationQuery(DELETE_TAG).setParameter("slug", slug).executeUpdate() > 0;
    }

    static List<TagCount> counts(SharedSessionContract session, Instant now) {
        List<Object[]> rows = session.createNativeQuery(COUNTS, Object[].class)
                .setParameter("now", now)
                .getResultList();
        List<TagCount> counts = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            counts.add(new TagCount((String) row[0], (String) row[1], ((Number) row[2]).longValue()));
        }
        return counts;
    }
}
