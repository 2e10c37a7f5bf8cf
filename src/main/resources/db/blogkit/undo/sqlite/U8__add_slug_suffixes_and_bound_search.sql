-- Undoes V8: suffixes are found again from the stored slugs; the search index holds the whole body again.
DROP TRIGGER posts_search_delete;
DROP TRIGGER posts_search_update;
DROP TRIGGER posts_search_insert;

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_search (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER posts_search_update AFTER UPDATE OF title, body ON posts BEGIN
    INSERT INTO post_search (post_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO post_search (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    INSERT INTO post_search (post_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;

INSERT INTO post_search (post_search) VALUES ('delete-all');
INSERT INTO post_search (post_search) VALUES ('rebuild');

DROP TABLE post_slug_suffixes;
