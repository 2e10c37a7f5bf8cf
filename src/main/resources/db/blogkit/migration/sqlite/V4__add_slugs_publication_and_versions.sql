-- BlogKit V4: the editorial model of posts.
-- slug: the post's permalink, unique; post_slugs holds every slug a post ever had (its current one included), so
--   that an old link keeps finding its post and no other post can take it. Existing posts get 'post-<id>'.
-- published_at: when the post is (or will be) published; NULL for a draft. A post is published from that instant
--   on, scheduled before it. published stays: true for a post that has a publication time. Existing published
--   posts are published at their creation time.
-- updated_at and version, on users and posts: the time of the latest change, and a number that every change
--   increases (edit conflicts). Existing rows start at their creation time and version 0.
-- Columns are added in place (no table rebuild, which would drop the posts that applications' tables refer to);
-- SQLite requires a default for an added NOT NULL column, and checks an added CHECK against the existing rows.
ALTER TABLE users ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT 0 CHECK (typeof(updated_at) = 'integer');
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE users SET updated_at = created_at;

ALTER TABLE posts ADD COLUMN slug VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN published_at TIMESTAMP
    CHECK (published_at IS NULL OR (published = 1 AND typeof(published_at) = 'integer'));
ALTER TABLE posts ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT 0 CHECK (typeof(updated_at) = 'integer');
ALTER TABLE posts ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE posts SET slug = 'post-' || id,
                 published_at = CASE WHEN published = 1 THEN created_at END,
                 updated_at = created_at;
CREATE UNIQUE INDEX uq_posts_slug ON posts (slug);

-- pages of published posts: published_at <= now, newest first (published_at desc, id desc; the rowid id is part
-- of every index entry).
DROP INDEX ix_posts_published_created_at;
CREATE INDEX ix_posts_published_at ON posts (published_at);

-- The foreign key is checked at commit: a new post claims its slug here before its own row is written.
CREATE TABLE post_slugs (
    slug    VARCHAR(200) NOT NULL PRIMARY KEY,
    post_id INTEGER      NOT NULL,
    CONSTRAINT fk_post_slugs_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX ix_post_slugs_post_id ON post_slugs (post_id);
INSERT INTO post_slugs (slug, post_id) SELECT slug, id FROM posts;
