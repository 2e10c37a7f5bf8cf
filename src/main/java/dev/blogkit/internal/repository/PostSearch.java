package dev.blogkit.internal.repository;

import dev.blogkit.PostView;
import dev.blogkit.SearchHit;
import dev.blogkit.model.Post;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SharedSessionContract;
import org.hibernate.query.NativeQuery;

/**
 * Full-text search over published posts with the database's own engine, as migration V6 set it up: FTS5's
 * external-content index {@code post_search} on SQLite, the generated {@code posts.search_vector} with its GIN
 * index on PostgreSQL. The reader's text becomes a {@link SearchQuery} first, so the engines only ever see a query
 * BlogKit wrote. Ranked best first, then newest first: a post whose title alone matches the query ranks above
 * every post that matches only with its body, however often (its score is 1 plus the engine's rank squeezed into
 * [0, 1): FTS5's {@code bm25} with the title weighing ten times the body, {@code s / (1 + s)}; PostgreSQL's
 * {@code ts_rank_cd} with normalisation 32, weights A = 1.0 and B = 0.1); within each group, the engine's rank.
 */
final class PostSearch {

    /**
     * What the engines put around a matched word; the snippet's text is escaped, then these become mark tags. A
     * snippet is a passage of up to 16 words (FTS5's snippet(), PostgreSQL's ts_headline MaxWords).
     */
    private static final char MARK_START = '\uE000';
    private static final char MARK_END = '\uE001';

    private static final String SQLITE_COLUMNS = """
            SELECT p.id, p.title, p.body, p.published, p.created_at, p.author_id, u.username, p.slug, p.published_at,
                   snippet(post_search, -1, char(57344), char(57345), '…', 16) AS snippet,
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

    /**
     * The snippet: of the body if the body holds a matched word (weight B), else of the title; of the part of the
     * body that the index holds ({@link Post#SEARCHED_BODY_LENGTH}), where the match is.
     */
    private static final String POSTGRESQL_PAGE = """
            SELECT p.id, p.title, p.body, p.published, p.created_at, p.author_id, u.username, p.slug, p.published_at,
                   ts_headline('blogkit_search',
                               CASE WHEN ts_rank('{0, 0, 1, 0}', p.search_vector, q) > 0
                                    THEN left(p.body, SEARCHED_BODY_LENGTH) ELSE p.title END,
                               q, 'StartSel=' || chr(57344) || ', StopSel=' || chr(57345)
                                  || ', MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=" … "') AS snippet,
                   CASE WHEN ts_filter(p.search_vector, '{a}') @@ q THEN 1 ELSE 0 END
                     + ts_rank_cd('{0.1, 0.1, 0.1, 1.0}', p.search_vector, q, 32) AS score
            FROM posts p
            JOIN users u ON u.id = p.author_id
            CROSS JOIN to_tsquery('blogkit_search', blogkit_search_fold(:query)) q
            WHERE p.search_vector @@ q AND p.published_at <= :now
            ORDER BY score DESC, p.published_at DESC, p.id DESC
            LIMIT :limit OFFSET :offset
            """.replace("SEARCHED_BODY_LENGTH", String.valueOf(Post.SEARCHED_BODY_LENGTH));
    private static final String POSTGRESQL_COUNT = """
            SELECT count(*)
            FROM posts p
            WHERE p.search_vector @@ to_tsquery('blogkit_search', blogkit_search_fold(:query)) AND p.published_at <= :now
            """;

    private final boolean postgresql;

    PostSearch(boolean postgresql) {
        this.postgresql = postgresql;
    }

    /** The query as the database's engine reads it. */
    String engineQuery(SearchQuery query) {
        return postgresql ? query.tsquery() : query.fts5();
    }

    /** A page of hits from {@code offset}; none from an offset past any row a database pages to (an int's range). */
    List<SearchHit> page(SharedSessionContract session, String engineQuery, Instant now, long offset, int limit) {
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
                .addScalar("snippet", String.class)
                .addScalar("score", Double.class);
        if (!postgresql) {
            query.setParameter("titleQuery", "title : (" + engineQuery + ")");
        }
        List<Object[]> rows = query
                .setParameter("query", engineQuery)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .setParameter("offset", (int) offset)
                .getResultList();
        List<SearchHit> hits = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            PostView post = new PostView((Long) row[0], (String) row[1], (String) row[2], (Boolean) row[3],
                    (Instant) row[4], (Long) row[5], (String) row[6], (String) row[7], (Instant) row[8]);
            hits.add(new SearchHit(post, marked((String) row[9]), (Double) row[10]));
        }
        return hits;
    }

    long count(SharedSessionContract session, String engineQuery, Instant now) {
        return session.createNativeQuery(postgresql ? POSTGRESQL_COUNT : SQLITE_COUNT, Long.class)
                .setParameter("query", engineQuery)
                .setParameter("now", now)
                .getSingleResult();
    }

    /** The engine's snippet, HTML-escaped, its match markers turned into mark tags. */
    static String marked(String snippet) {
        if (snippet == null) {
            return "";
        }
        StringBuilder html = new StringBuilder(snippet.length() + 32);
        for (int i = 0; i < snippet.length(); i++) {
            char c = snippet.charAt(i);
            switch (c) {
                case MARK_START -> html.append("<mark>");
                case MARK_END -> html.append("</mark>");
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}
