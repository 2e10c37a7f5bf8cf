-- An undo that takes a while: it rewrites every row before it drops the table.
UPDATE big SET payload = randomblob(64);
DROP INDEX ix_big_payload;
DROP TABLE big;
