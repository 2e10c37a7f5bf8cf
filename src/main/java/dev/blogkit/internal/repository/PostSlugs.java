package dev.blogkit.internal.repository;

import dev.blogkit.DuplicateException;
import dev.blogkit.model.Post;
import dev.blogkit.model.Slugs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import org.hibernate.SharedSessionContract;

/**
 * The slugs of posts: a post's slug is claimed in {@code post_slugs}, which holds every slug any post has or had,
 * before the post is written with it. A claim is one {@code INSERT ... ON CONFLICT DO NOTHING} (the same on SQLite
 * and PostgreSQL): when two transactions want one slug, the second waits for the first and then learns, without
 * failing its transaction, that the slug is taken, and takes another.
 *
 * <p>A derived slug whose base is taken gets a suffix from {@code post_slug_suffixes} (migration V8): the last
 * suffix handed out for that base, raised by one statement that also locks the base's row until commit, so that
 * the suffix costs the same whatever number of posts share the title, and two writers never get the same one. A
 * base's row is made the first time it needs a suffix, starting after the highest suffix its stored slugs have.
 * Suffixes are never handed out twice, even after the post that had one is deleted.
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
    /**
     * Raises a base's last suffix by {@code count} and gives the new last one; makes the base's row (at 0) if it
     * has none. Its row stays locked until the transaction ends.
     */
    private static final String RESERVE = "INSERT INTO post_slug_suffixes (base, last_suffix) VALUES (:base, 0) "
            + "ON CONFLICT (base) DO UPDATE SET last_suffix = post_slug_suffixes.last_suffix + :count "
            + "RETURNING last_suffix";
    private static final String SET_LAST = "UPDATE post_slug_suffixes SET last_suffix = :last WHERE base = :base";

    private PostSlugs() {
    }

    /** The slug BlogKit derives from a title, before it is made unique. */
    static String base(String title) {
        String slug = Slugs.fromText(title, Post.SLUG_MAX_LENGTH - SUFFIX_ROOM);
        return slug.isEmpty() ? FALLBACK : slug;
    }

    /** Claims {@code base}, or else {@code base-N} with the next suffix N of the base that no post has or had. */
    static String claimDerived(SharedSessionContract session, String base, long postId) {
        if (claim(session, base, postId)) {
            return base;
        }
        while (true) {
            String candidate = base + "-" + reserve(session, base, 1);
            if (claim(session, candidate, postId)) {
                return candidate;
            }
        }
    }

    /**
     * Reserves {@code count} suffixes of {@code base} for this transaction: they are {@code last - count + 1} to
     * {@code last}, for the returned {@code last}; no other transaction gets them. One statement, but for the first
     * reservation of a base, which also reads the base's stored slugs once.
     */
    private static long reserve(SharedSessionContract session, String base, long count) {
        long last = session.createNativeQuery(RESERVE, Long.class)
                .setParameter("base", base)
                .setParameter("count", count)
                .getSingleResult();
        if (last == 0) {
            // the base's first suffix: after every one a stored slug has (given, or derived before V8)
            last = Math.max(1, highestSuffix(takenWithSuffix(session, base), base)) + count;
            session.createNativeMutationQuery(SET_LAST)
                    .setParameter("last", last)
                    .setParameter("base", base)
                    .executeUpdate();
        }
        return last;
    }

    /** The highest N of the slugs {@code base-N} (N a number without leading zero) among these; 0 if none. */
    private static long highestSuffix(Collection<String> slugs, String base) {
        long highest = 0;
        for (String slug : slugs) {
            String suffix = slug.substring(base.length() + 1);
            if (!suffix.isEmpty() && suffix.length() <= 18 && suffix.charAt(0) != '0'
                    && suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                highest = Math.max(highest, Long.parseLong(suffix));
            }
        }
        return highest;
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

    /** Rows per multi-row claim of a bulk call: two parameters a row, well below SQLite's limit. */
    private static final int CLAIM_CHUNK = 500;

    /**
     * Claims the slugs of a bulk call's posts, in as few statements as the rows need whatever they hold: the given
     * ones ({@code given[i]} not null), refused if one is taken; else the row's derived {@code bases[i]} for the
     * first row of each base that finds it free, and suffixes reserved for the others (one reservation per base).
     * Given slugs, then bases, are claimed in sorted order, and bases reserved in sorted order, so that two bulk
     * calls never wait for each other in a cycle.
     *
     * @return each row's slug
     * @throws DuplicateException if a given slug is taken (naming its row)
     */
    static String[] claimForRows(SharedSessionContract session, String[] given, String[] bases, long[] ids,
            String operation) {
        int rows = ids.length;
        String[] slugs = new String[rows];
        Map<String, Integer> givenAt = new LinkedHashMap<>();
        for (int i = 0; i < rows; i++) {
            if (given[i] != null) {
                Integer earlier = givenAt.putIfAbsent(given[i], i);
                if (earlier != null) {
                    throw new DuplicateException("slug", operation + ": row " + i + ": slug '" + given[i]
                            + "' is also given in row " + earlier, null);
                }
            }
        }
        Map<String, Long> givenClaims = new TreeMap<>();
        givenAt.forEach((slug, row) -> givenClaims.put(slug, ids[row]));
        Set<String> claimed = claimAll(session, givenClaims);
        OptionalInt refused = givenAt.entrySet().stream().filter(g -> !claimed.contains(g.getKey()))
                .mapToInt(Map.Entry::getValue).min();
        if (refused.isPresent()) {
            int row = refused.getAsInt();
            throw new DuplicateException("slug", operation + ": row " + row + ": slug '" + given[row]
                    + "' is taken: another post has or had it", null);
        }
        givenAt.forEach((slug, row) -> slugs[row] = slug);
        // the rows of each derived base, in row order; the bases in sorted order
        TreeMap<String, List<Integer>> rowsOfBase = new TreeMap<>();
        for (int i = 0; i < rows; i++) {
            if (given[i] == null) {
                rowsOfBase.computeIfAbsent(bases[i], b -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Long> baseClaims = new LinkedHashMap<>();
        rowsOfBase.forEach((base, baseRows) -> baseClaims.put(base, ids[baseRows.get(0)]));
        Set<String> claimedBases = claimAll(session, baseClaims);
        TreeMap<String, List<Integer>> pending = new TreeMap<>();
        for (Map.Entry<String, List<Integer>> entry : rowsOfBase.entrySet()) {
            List<Integer> baseRows = entry.getValue();
            boolean free = claimedBases.contains(entry.getKey());
            if (free) {
                slugs[baseRows.get(0)] = entry.getKey();
            }
            List<Integer> rest = free ? baseRows.subList(1, baseRows.size()) : baseRows;
            if (!rest.isEmpty()) {
                pending.put(entry.getKey(), rest);
            }
        }
        while (!pending.isEmpty()) {
            Map<String, Long> candidates = new LinkedHashMap<>();
            Map<String, Integer> rowOf = new HashMap<>();
            pending.forEach((base, baseRows) -> {
                long last = reserve(session, base, baseRows.size());
                long suffix = last - baseRows.size();
                for (int row : baseRows) {
                    String candidate = base + "-" + (++suffix);
                    candidates.put(candidate, ids[row]);
                    rowOf.put(candidate, row);
                }
            });
            Set<String> taken = claimAll(session, candidates);
            TreeMap<String, List<Integer>> again = new TreeMap<>();
            rowOf.forEach((candidate, row) -> {
                if (taken.contains(candidate)) {
                    slugs[row] = candidate;
                } else {
                    // a post was given this slug: the row takes a later suffix
                    again.computeIfAbsent(bases[row], b -> new ArrayList<>()).add(row);
                }
            });
            again.values().forEach(java.util.Collections::sort);
            pending = again;
        }
        return slugs;
    }

    /**
     * Claims each slug for its post ({@code INSERT ... ON CONFLICT DO NOTHING RETURNING}), {@value #CLAIM_CHUNK} a
     * statement, in the map's order; returns the slugs claimed (those not: another post has or had them).
     */
    private static Set<String> claimAll(SharedSessionContract session, Map<String, Long> claims) {
        Set<String> claimed = new HashSet<>();
        List<Map.Entry<String, Long>> all = new ArrayList<>(claims.entrySet());
        for (int start = 0; start < all.size(); start += CLAIM_CHUNK) {
            List<Map.Entry<String, Long>> chunk = all.subList(start, Math.min(all.size(), start + CLAIM_CHUNK));
            StringBuilder sql = new StringBuilder("INSERT INTO post_slugs (slug, post_id) VALUES ");
            for (int k = 0; k < chunk.size(); k++) {
                sql.append(k == 0 ? "" : ", ").append("(:s").append(k).append(", :p").append(k).append(')');
            }
            sql.append(" ON CONFLICT DO NOTHING RETURNING slug");
            var query = session.createNativeQuery(sql.toString(), String.class);
            for (int k = 0; k < chunk.size(); k++) {
                query.setParameter("s" + k, chunk.get(k).getKey()).setParameter("p" + k, chunk.get(k).getValue());
            }
            claimed.addAll(query.getResultList());
        }
        return claimed;
    }

    /** The slugs {@code base-...} that are taken. */
    private static List<String> takenWithSuffix(SharedSessionContract session, String base) {
        return session.createNativeQuery(WITH_PREFIX, String.class)
                .setParameter("from", base + "-")
                .setParameter("to", base + ".") // '.' follows '-'
                .getResultList();
    }

    private static boolean claim(SharedSessionContract session, String slug, long postId) {
        return session.createNativeMutationQuery(CLAIM)
                .setParameter("slug", slug)
                .setParameter("postId", postId)
                .executeUpdate() == 1;
    }
}
