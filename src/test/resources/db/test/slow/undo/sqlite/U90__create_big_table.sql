-- An undo that takes a while: it rewrites every row before it drops the table.
DROP INDEX ix_big_payload;
UPDATE big SET payload = randomblob(64);
DROP TABLE big;
