-- BlogKit V3 (PostgreSQL): settings of BlogKit's own; cursor_key signs the cursors of publishedPosts.
CREATE TABLE blogkit_settings (
    name  VARCHAR(64) NOT NULL PRIMARY KEY,
    value TEXT        NOT NULL
);

INSERT INTO blogkit_settings (name, value)
VALUES ('cursor_key', md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text));
