-- Undoes V5 (PostgreSQL): the tags and the taggings go; posts stay.
DROP TABLE post_tags;
DROP TABLE tags;
