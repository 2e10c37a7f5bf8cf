-- BlogKit V6: full-text search over posts' titles and bodies (BlogRepository.searchPosts), with FTS5: English
-- (Porter) stemming, case and diacritics folded, words split at every character that is not a letter or a digit.
-- post_search is an external-content index of posts (its rowid is the post's id; snippets read the text from
-- posts). The triggers keep it in step with every write of a post in the same transaction, whoever writes: an
-- insert, a change of title or body, a delete (the cascade from a deleted user included). Publication is not
-- indexed: searches compare published_at with the clock, as the listings do.
CREATE VIRTUAL TABLE post_search USING fts5(
    title, body,
    content = 'posts', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

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

-- the posts there are already
INSERT INTO post_search (post_search) VALUES ('rebuild');
