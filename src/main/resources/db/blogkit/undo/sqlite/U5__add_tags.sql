-- Undoes V5: the tags and the taggings go; posts stay. SQLite keeps its own sqlite_sequence table; only the
-- counter of tags is removed from it.
DROP INDEX ix_post_tags_tag_id;
DROP TABLE post_tags;
DROP TABLE tags;
DELETE FROM sqlite_sequence WHERE name = 'tags';
