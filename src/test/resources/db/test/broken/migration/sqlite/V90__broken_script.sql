-- A migration that fails half way: the table and its row must not survive the failure.
CREATE TABLE labels (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO labels (name) VALUES ('java');
INSERT INTO no_such_table (x) VALUES (1);
