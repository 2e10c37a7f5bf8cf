-- V1: create comments
-- Written by BlogKit's generate from the difference between the entities and the database:
-- review it before you commit it.
--   + table comments (id, body, created_at, post_id)
-- warning: undoing drops table comments with its rows

CREATE TABLE comments (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    body VARCHAR(2000) NOT NULL,
    created_at TIMESTAMP NOT NULL,
    post_id INTEGER NOT NULL,
    CONSTRAINT fk_comments_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
);
CREATE INDEX ix_comments_post_id ON comments (post_id);
