-- BlogKit V8: a slug's suffix costs the same whatever number of posts share its title, and the search index holds
-- what it can hold on every database alike.
-- post_slug_suffixes: per derived slug (its base), the last suffix handed out: base-2, base-3, ... A post whose
--   base is taken raises it by one statement instead of reading every slug with the base. A base gets its row the
--   first time it needs a suffix, after the highest suffix its stored slugs have. Suffixes are never handed out
--   twice.
-- post_search: the title and the first 100,000 characters of the body, as PostgreSQL's index (whose tsvector
--   holds at most 1 MiB). The triggers index that part; snippets still read the post's own text.
CREATE TABLE post_slug_suffixes (
    base        VARCHAR(200) NOT NULL PRIMARY KEY,
    last_suffix BIGINT       NOT NULL
);

DROP TRIGGER posts_search_delete;
DROP TRIGGER posts_search_update;
DROP TRIGGER posts_search_insert;

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_search (rowid, title, body) VALUES (new.id, new.title, substr(new.body, 1, 100000));
END;

CREATE TRIGGER posts_search_update AFTER UPDATE OF title, body ON posts BEGIN
    INSERT INTO post_search (post_search, rowid, title, body) VALUES ('delete', old.id, old.title, substr(old.body, 1, 100000));
    INSERT INTO post_search (rowid, title, body) VALUES (new.id, new.title, substr(new.body, 1, 100000));
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    INSERT INTO post_search (post_search, rowid, title, body) VALUES ('delete', old.id, old.title, substr(old.body, 1, 100000));
END;

-- the posts there are already, indexed anew with the bound
INSERT INTO post_search (post_search) VALUES ('delete-all');
INSERT INTO post_search (rowid, title, body) SELECT id, title, substr(body, 1, 100000) FROM posts;
