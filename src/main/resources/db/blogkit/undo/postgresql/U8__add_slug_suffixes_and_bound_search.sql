-- Undoes V8: suffixes are found again from the stored slugs; the search index holds the whole body again (a body
-- whose index would pass 1 MiB makes this undo fail, and the database stays at V8).
DROP INDEX ix_posts_search_vector;
ALTER TABLE posts DROP COLUMN search_vector;
ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('blogkit_search'::regconfig,
        translate(blogkit_search_fold(title), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A')
    || setweight(to_tsvector('blogkit_search'::regconfig,
        translate(blogkit_search_fold(body), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')) STORED;

CREATE INDEX ix_posts_search_vector ON posts USING gin (search_vector);

DROP TABLE post_slug_suffixes;
