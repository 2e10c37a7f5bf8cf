-- BlogKit V10 (PostgreSQL): one text analysis for every database. BlogKit analyses a post's title and body in Java
-- (words, NFKC_Casefold, diacritics removed whether precomposed or combining, Porter stemming of words of three or
-- more letters a to z) and stores the terms in search_title and search_body. The search vector is made of them as
-- they are: blogkit_search_vector gives each term its position (the title's from 1, the body's from 1101, so that
-- no phrase spans the two) and its weight (A title, B body) and casts the result to a tsvector, with no parser,
-- dictionary or locale of PostgreSQL's in between. BlogKit's analysis bounds what it stores so that every vector
-- fits (at most 16,383 positions, 255 per term, 1 MiB of terms). Every write of a post through BlogKit keeps the
-- terms in step; BlogKit fills them for the posts there are already, right after this script, in the same
-- transaction. Snippets are made by BlogKit from the post's own text. V6's folding function and text search
-- configuration are no longer used, and go.
DROP INDEX ix_posts_search_vector;
ALTER TABLE posts DROP COLUMN search_vector;
DROP TEXT SEARCH CONFIGURATION blogkit_search;
DROP TEXT SEARCH DICTIONARY blogkit_porter;
DROP FUNCTION blogkit_search_fold(text);

ALTER TABLE posts ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN search_body TEXT NOT NULL DEFAULT '';

CREATE FUNCTION blogkit_search_vector(title_terms text, body_terms text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT coalesce(string_agg('''' || term || ''':' || position || weight, ' '), '')::tsvector
          FROM (SELECT t.term, t.n AS position, 'A' AS weight
                FROM unnest(string_to_array(title_terms, ' ')) WITH ORDINALITY AS t(term, n)
                UNION ALL
                SELECT b.term, b.n + 1100, 'B'
                FROM unnest(string_to_array(body_terms, ' ')) WITH ORDINALITY AS b(term, n)) terms $$;

ALTER TABLE posts ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (blogkit_search_vector(search_title, search_body)) STORED;

CREATE INDEX ix_posts_search_vector ON posts USING gin (search_vector);
