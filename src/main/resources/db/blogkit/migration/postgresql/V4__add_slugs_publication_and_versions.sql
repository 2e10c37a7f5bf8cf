-- BlogKit V4 (PostgreSQL): the editorial model of posts.
-- slug: the post's permalink, unique; post_slugs holds every slug a post ever had (its current one included), so
--   that an old link keeps finding its post and no other post can take it. Existing posts get 'post-<id>'.
-- published_at: when the post is (or will be) published; NULL for a draft. A post is published from that instant
--   on, scheduled before it. published stays: true for a post that has a publication time, which the CHECK holds.
--   Existing published posts are published at their creation time.
-- updated_at and version, on users and posts: the time of the latest change, and a number that every change
--   increases (edit conflicts). Existing rows start at their creation time and version 0.
-- Slugs compare byte by byte (COLLATE "C"), as on SQLite, whatever the database's collation.
ALTER TABLE users ADD COLUMN updated_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE users SET updated_at = created_at;
ALTER TABLE users ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE posts ADD COLUMN slug VARCHAR(200) COLLATE "C";
ALTER TABLE posts ADD COLUMN published_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE posts ADD COLUMN updated_at TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE posts ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE posts SET slug = 'post-' || id,
                 published_at = CASE WHEN published THEN created_at END,
                 updated_at = created_at;
ALTER TABLE posts ALTER COLUMN slug SET NOT NULL;
ALTER TABLE posts ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE posts ADD CONSTRAINT uq_posts_slug UNIQUE (slug);
ALTER TABLE posts ADD CONSTRAINT ck_posts_published_at CHECK (published = (published_at IS NOT NULL));

-- pages of published posts: published_at <= now, newest first (published_at desc, id desc).
DROP INDEX ix_posts_published_created_at;
CREATE INDEX ix_posts_published_at ON posts (published_at, id);

-- The foreign key is checked at commit: a new post claims its slug here before its own row is written.
CREATE TABLE post_slugs (
    slug    VARCHAR(200) COLLATE "C" NOT NULL PRIMARY KEY,
    post_id BIGINT                   NOT NULL,
    CONSTRAINT fk_post_slugs_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX ix_post_slugs_post_id ON post_slugs (post_id);
INSERT INTO post_slugs (slug, post_id) SELECT slug, id FROM posts;
