-- BlogKit V10: one text analysis for every database. BlogKit analyses a post's title and body in Java (words,
-- NFKC_Casefold, diacritics removed whether precomposed or combining, Porter stemming of words of three or more
-- letters a to z) and stores the terms in search_title and search_body, which the search index reads as they
-- are: FTS5's ascii tokenizer splits them at the spaces between them and changes nothing else. Every write of a
-- post through BlogKit keeps them in step; BlogKit fills them for the posts there are already, right after this
-- script, in the same transaction. Snippets are made by BlogKit from the post's own text.
ALTER TABLE posts ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN search_body TEXT NOT NULL DEFAULT '';

DROP TRIGGER posts_search_delete;
DROP TRIGGER posts_search_update;
DROP TRIGGER posts_search_insert;
DROP TABLE post_search;

CREATE VIRTUAL TABLE post_search USING fts5(
    search_title, search_body,
    content = 'posts', content_rowid = 'id',
    tokenize = 'ascii'
);

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;

CREATE TRIGGER posts_search_update AFTER UPDATE OF search_title, search_body ON posts
WHEN old.search_title IS NOT new.search_title OR old.search_body IS NOT new.search_body BEGIN
    INSERT INTO post_search (post_search, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
    INSERT INTO post_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    INSERT INTO post_search (post_search, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
END;

-- the posts there are already, with no terms yet: BlogKit's fill updates them, which the update trigger indexes
INSERT INTO post_search (rowid, search_title, search_body) SELECT id, search_title, search_body FROM posts;
