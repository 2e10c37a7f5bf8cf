-- Undoes V6: the search index goes; posts stay as they were.
DROP INDEX ix_posts_search_vector;
ALTER TABLE posts DROP COLUMN search_vector;
DROP TEXT SEARCH CONFIGURATION blogkit_search;
DROP TEXT SEARCH DICTIONARY blogkit_porter;
DROP FUNCTION blogkit_search_fold(text);
