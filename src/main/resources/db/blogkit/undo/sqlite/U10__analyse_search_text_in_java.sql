-- Undoes V10: FTS5 analyses the posts' titles and the first 100,000 characters of their bodies again, as V8 left
-- it (Porter stemming, unicode61 folding), and the analysed text BlogKit stored goes.
DROP TRIGGER posts_search_delete;
DROP TRIGGER posts_search_update;
DROP TRIGGER posts_search_insert;
DROP TABLE post_search;

ALTER TABLE posts DROP COLUMN search_body;
ALTER TABLE posts DROP COLUMN search_title;

CREATE VIRTUAL TABLE post_search USING fts5(
    title, body,
    content = 'posts', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

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

INSERT INTO post_search (rowid, title, body) SELECT id, title, substr(body, 1, 100000) FROM posts;
