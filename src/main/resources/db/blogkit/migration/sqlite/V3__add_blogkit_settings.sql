-- BlogKit V3: settings of BlogKit's own. cursor_key signs the cursors of BlogRepository.publishedPosts, so that a
-- cursor that was altered, or that comes from another database, is refused.
CREATE TABLE blogkit_settings (
    name  VARCHAR(64) NOT NULL PRIMARY KEY,
    value TEXT        NOT NULL
);

INSERT INTO blogkit_settings (name, value) VALUES ('cursor_key', lower(hex(randomblob(32))));
