-- A migration that takes a while, to be killed in the middle of (fewer rows than SQLite's twin, as long).
CREATE TABLE big (x INTEGER NOT NULL, payload BYTEA NOT NULL);
INSERT INTO big (x, payload)
    SELECT x, sha512(x::text::bytea || random()::text::bytea) FROM generate_series(1, 250000) AS x;
CREATE INDEX ix_big_payload ON big (payload);
