-- Undoes V4 (PostgreSQL). Every user and post stays; what goes is what V4 added: slugs (the old ones too),
-- publication times, update times and versions. A post scheduled for later than now becomes a draft again (before
-- V4 a post was either published or not); a post published at any time up to now stays published.
DROP TABLE post_slugs;
DROP INDEX ix_posts_published_at;
CREATE INDEX ix_posts_published_created_at ON posts (published, created_at, id);
ALTER TABLE posts DROP CONSTRAINT ck_posts_published_at;
UPDATE posts SET published = FALSE WHERE published_at > now();
ALTER TABLE posts DROP COLUMN version;
ALTER TABLE posts DROP COLUMN updated_at;
ALTER TABLE posts DROP COLUMN published_at;
ALTER TABLE posts DROP COLUMN slug;
ALTER TABLE users DROP COLUMN version;
ALTER TABLE users DROP COLUMN updated_at;
