-- A migration that takes a while, to be killed in the middle of.
CREATE TABLE big (x INTEGER NOT NULL, payload BLOB NOT NULL);
INSERT INTO big (x, payload)
    WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 600000)
    SELECT x, randomblob(64) FROM n;
CREATE INDEX ix_big_payload ON big (payload);
