package dev.blogkit.internal.repository;

import dev.blogkit.PostView;
import dev.blogkit.SearchHit;
import dev.blogkit.internal.text.SearchText;
import dev.blogkit.internal.text.Snippets;
import dev.blogkit.model.Post;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SharedSessionContract;
import org.hibernate.query.NativeQuery;

/**
 * Full-text search over published posts with the database's own engine, over the text BlogKit analysed
 * ({@link SearchText}, migration V10): FTS5's external-content index {@code post_search} of the posts' columns
 * {@code search_title} and {@code search_body} with the {@code ascii} tokenizer (which keeps the analysed terms as
 * they are) on SQLite; the generated {@code posts.search_vector} (the same terms with their positions, cast to a
 * tsvector: no parser or dictionary of PostgreSQL's) with its GIN index on PostgreSQL. The reader's text becomes a
 * {@link SearchQuery} first, analysed alike, so the engines only ever see a query BlogKit wrote and both find the
 * same posts. Ranked best first, then newest first: a post whose title alone matches the query ranks above every
 * post that matches only with its body, however often (its score is 1 plus the engine's rank squeezed into [0, 1):
 * FTS5's {@code bm25} with the title weighing ten times the body, {@code s / (1 + s)}; PostgreSQL's
 * {@code ts_rank_cd} with normalisation 32, weights A = 1.0 and B = 0.1); within each group, the engine's rank.
 * Snippets are BlogKit's ({@link Snippets}), made from the post's text, the same on both databases.
 */
final class PostSearch {

    private static final String SQLITE_COLUMNS = """
            SELECT p.id, p.title, p.body, p.published, p.created_at, p.author_id, u.username, p.slug, p.published_at,
                   CASE WHEN post_search.rowid IN (SELECT rowid FROM post_search WHERE post_search MATCH :titleQuery)
                        THEN 1 ELSE 0 END
                     + -bm25(post_search, 10.0, 1.0) / (1 - bm25(post_search, 10.0, 1.0)) AS score
            """;
    private static final String SQLITE_MATCHES = """
            FROM post_search
            JOIN posts p ON p.id = post_search.rowid
            JOIN users u ON u.id = p.author_id
            WHERE post_search MATCH :query AND p.published_at <= :now
            """;
    private static final String SQLITE_PAGE = SQLITE_COLUMNS + SQLITE_MATCHES + """
            ORDER BY score DESC, p.published_at DESC, p.id DESC
            LIMIT :limit OFFSET :offset
            """;
    private static final String SQLITE_COUNT = """
            SELECT count(*)
            FROM post_search
            JOIN posts p ON p.id = post_search.rowid
            WHERE post_search MATCH :query AND p.published_at <= :now
            """;

    private static final String POSTGRESQL_PAGE = """
            SELECT p.id, p.title, p.body, p.published, p.created_at, p.author_id, u.username, p.slug, p.published_at,
                   CASE WHEN ts_filter(p.search_vector, '{a}') @@ q THEN 1 ELSE 0 END
                     + ts_rank_cd('{0.1, 0.1, 0.1, 1.0}', p.search_vector, q, 32) AS score
            FROM posts p
            JOIN users u ON u.id = p.author_id
            CROSS JOIN CAST(:query AS tsquery) q
            WHERE p.search_vector @@ q AND p.published_at <= :now
            ORDER BY score DESC, p.published_at DESC, p.id DESC
            LIMIT :limit OFFSET :offset
            """;
    private static final String POSTGRESQL_COUNT = """
            SELECT count(*)
            FROM posts p
            WHERE p.search_vector @@ CAST(:query AS tsquery) AND p.published_at <= :now
            """;

    private final boolean postgresql;

    PostSearch(boolean postgresql) {
        this.postgresql = postgresql;
    }

    /** The query as the database's engine reads it. */
    String engineQuery(SearchQuery query) {
        return postgresql ? query.tsquery() : query.fts5();
    }

    /** The column filter of the title alone, in FTS5's language. */
    static String titleOnly(String fts5Query) {
        return "search_title : (" + fts5Query + ")";
    }

    /** A page of hits from {@code offset}; none from an offset past any row a database pages to (an int's range). */
    List<SearchHit> page(SharedSessionContract session, SearchQuery terms, String engineQuery, Instant now,
                         long offset, int limit) {
        if (offset > Integer.MAX_VALUE) {
            return List.of();
        }
        NativeQuery<Object[]> query = session.createNativeQuery(postgresql ? POSTGRESQL_PAGE : SQLITE_PAGE, Object[].class)
                .addScalar("id", Long.class)
                .addScalar("title", String.class)
                .addScalar("body", String.class)
                .addScalar("published", Boolean.class)
                .addScalar("created_at", Instant.class)
                .addScalar("author_id", Long.class)
                .addScalar("username", String.class)
                .addScalar("slug", String.class)
                .addScalar("published_at", Instant.class)
                .addScalar("score", Double.class);
        if (!postgresql) {
            query.setParameter("titleQuery", titleOnly(engineQuery));
        }
        List<Object[]> rows = query
                .setParameter("query", engineQuery)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .setParameter("offset", (int) offset)
                .getResultList();
        List<SearchHit> hits = new ArrayList<>(rows.size());
        Snippets.Matcher matcher = rows.isEmpty() ? null : terms.matcher();
        for (Object[] row : rows) {
            PostView post = new PostView((Long) row[0], (String) row[1], (String) row[2], (Boolean) row[3],
                    (Instant) row[4], (Long) row[5], (String) row[6], (String) row[7], (Instant) row[8]);
            String snippet = Snippets.of(post.title(), post.body(), Post.SEARCHED_BODY_LENGTH, matcher);
            hits.add(new SearchHit(post, snippet, (Double) row[9]));
        }
        return hits;
    }

    long count(SharedSessionContract session, String engineQuery, Instant now) {
        return session.createNativeQuery(postgresql ? POSTGRESQL_COUNT : SQLITE_COUNT, Long.class)
                .setParameter("query", engineQuery)
                .setParameter("now", now)
                .getSingleResult();
    }
}
