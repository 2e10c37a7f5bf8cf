-- BlogKit V1: users and their posts.
-- Timestamps are INTEGER milliseconds since 1970-01-01 UTC, written by BlogKit only: one form, so that
-- ORDER BY created_at is chronological (SQLite sorts every INTEGER below every TEXT; the CHECKs keep TEXT out).
-- AUTOINCREMENT: an id is never given to a second row, even after the first was deleted.

CREATE TABLE users (
    id         INTEGER      NOT NULL PRIMARY KEY AUTOINCREMENT,
    username   VARCHAR(64)  NOT NULL,
    email      VARCHAR(128) NOT NULL,
    created_at TIMESTAMP    NOT NULL CHECK (typeof(created_at) = 'integer'),
    CONSTRAINT uq_users_username UNIQUE (username),
    CONSTRAINT uq_users_email UNIQUE (email)
);

CREATE TABLE posts (
    id         INTEGER      NOT NULL PRIMARY KEY AUTOINCREMENT,
    author_id  INTEGER      NOT NULL,
    title      VARCHAR(256) NOT NULL,
    body       TEXT         NOT NULL,
    published  BOOLEAN      NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    created_at TIMESTAMP    NOT NULL CHECK (typeof(created_at) = 'integer'),
    CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
);

-- postsByAuthor (newest first) and the cascade from users.
CREATE INDEX ix_posts_author_id_created_at ON posts (author_id, created_at);

-- listPublishedPosts and countPublishedPosts: the page's ids come from this index alone
-- (the rowid id is part of every index entry, so created_at desc, id desc is the index order read backwards).
CREATE INDEX ix_posts_published_created_at ON posts (published, created_at);
