-- BlogKit V5: tags. A tag is found by its slug (unique, derived from its name); post_tags says which posts carry
-- it. Deleting a post or a tag removes its taggings; a tag that no post carries stays until deleted.
CREATE TABLE tags (
    id         INTEGER      NOT NULL PRIMARY KEY AUTOINCREMENT,
    name       VARCHAR(64)  NOT NULL,
    slug       VARCHAR(128) NOT NULL,
    created_at TIMESTAMP    NOT NULL CHECK (typeof(created_at) = 'integer'),
    CONSTRAINT uq_tags_slug UNIQUE (slug)
);

CREATE TABLE post_tags (
    post_id INTEGER NOT NULL,
    tag_id  INTEGER NOT NULL,
    CONSTRAINT pk_post_tags PRIMARY KEY (post_id, tag_id),
    CONSTRAINT fk_post_tags_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT fk_post_tags_tag FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
);

-- a tag's posts (publishedPostsByTag, tagCounts) and the cascade from tags.
CREATE INDEX ix_post_tags_tag_id ON post_tags (tag_id, post_id);
