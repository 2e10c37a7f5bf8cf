package dev.blogkit.internal.repository;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.hibernate.SharedSessionContract;

/**
 * The listing of published posts, newest first, read in one of its shapes (posts with their authors, or views):
 * near the top one join that stops after the page, deeper the page's ids from the index first, after a cursor a
 * seek. One statement per page.
 */
final class PublishedListing {

    /**
     * Offsets below this take the near-top plan: measured on SQLite, the join costs about 0.25 us per skipped row
     * and the subquery about 7 us more per page, so they break even near 35 rows.
     */
    static final int NEAR_TOP = 40;

    private PublishedListing() {
    }

    /**
     * Up to {@code limit} posts published by {@code now} after {@code after} (null: from the newest), newest first.
     */
    static <T> List<T> page(SharedSessionContract session, Shape<T> shape, Instant now,
            Cursors.Position after, int limit) {
        if (after == null) {
            return pageAt(session, shape, now, 0, limit);
        }
        Cursors.Position from = after.noLaterThan(now);
        return session.createSelectionQuery(shape.after(), shape.type())
                .setParameter("publishedAt", from.at())
                .setParameter("id", from.id())
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Up to {@code limit} posts published by {@code now} from {@code offset}, newest first; none from an offset past
     * any row a database pages to (an int's range), without asking.
     */
    static <T> List<T> pageAt(SharedSessionContract session, Shape<T> shape, Instant now, long offset,
            int limit) {
        if (offset > Integer.MAX_VALUE) {
            return List.of();
        }
        return session.createSelectionQuery(offset < NEAR_TOP ? shape.nearTop() : shape.byOffset(),
                        shape.type())
                .setParameter("now", now)
                .setParameter("offset", (int) offset)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * The named queries of the published listing in one shape (see Post's named queries): each plan's, and where a
     * row of it sits in the listing, for its cursor.
     */
    record Shape<T>(Class<T> type, String nearTop, String byOffset, String after,
            Function<T, Cursors.Position> position) {
    }
}
