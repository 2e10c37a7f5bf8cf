-- Undoes V1: drops the posts (their foreign key points at users) and then the users.
-- SQLite keeps its own sqlite_sequence table; only the two counters of these tables are removed from it.
DROP INDEX ix_posts_published_created_at;
DROP INDEX ix_posts_author_id_created_at;
DROP TABLE posts;
DROP TABLE users;
DELETE FROM sqlite_sequence WHERE name IN ('users', 'posts');
