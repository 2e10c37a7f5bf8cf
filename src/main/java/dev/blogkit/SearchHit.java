package dev.blogkit;

/**
 * One result of {@link BlogRepository#searchPosts}.
 *
 * @param post the post found, as listings show it
 * @param snippet a short passage of the post (its body, or its title when only the title matched) with the matched
 *     words between {@code <mark>} and {@code </mark>}; the rest of the passage is HTML-escaped, so the snippet can
 *     go into a page as it is
 * @param rank how well the post matches: higher is better. Its scale is the database's own (FTS5's BM25 on SQLite,
 *     {@code ts_rank_cd} on PostgreSQL): compare ranks within one result, not across databases
 */
public record SearchHit(PostView post, String snippet, double rank) {
}
