-- BlogKit V8 (PostgreSQL): a slug's suffix costs the same whatever number of posts share its title, and the search
-- index holds what it can hold on every database alike.
-- post_slug_suffixes: per derived slug (its base), the last suffix handed out: base-2, base-3, ... A post whose
--   base is taken raises it by one statement, which locks the base's row until commit, instead of reading every
--   slug with the base; two writers never get the same suffix. A base gets its row the first time it needs a
--   suffix, after the highest suffix its stored slugs have. Suffixes are never handed out twice.
-- search_vector: the title and the first 100,000 characters of the body. A tsvector holds at most 1 MiB, which
--   a body of a few hundred thousand characters can fill; SQLite's index (V8 there) holds the same part.
CREATE TABLE post_slug_suffixes (
    base        VARCHAR(200) COLLATE "C" NOT NULL PRIMARY KEY,
    last_suffix BIGINT                   NOT NULL
);

DROP INDEX ix_posts_search_vector;
ALTER TABLE posts DROP COLUMN search_vector;
ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('blogkit_search'::regconfig,
        translate(blogkit_search_fold(title), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A')
    || setweight(to_tsvector('blogkit_search'::regconfig,
        translate(blogkit_search_fold(left(body, 100000)), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')) STORED;

CREATE INDEX ix_posts_search_vector ON posts USING gin (search_vector);
