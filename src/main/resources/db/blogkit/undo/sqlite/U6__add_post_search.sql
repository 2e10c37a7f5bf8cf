-- Undoes V6: the search index and the triggers that fed it go; posts stay as they were.
DROP TRIGGER posts_search_delete;
DROP TRIGGER posts_search_update;
DROP TRIGGER posts_search_insert;
DROP TABLE post_search;
