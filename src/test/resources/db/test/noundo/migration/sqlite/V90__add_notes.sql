-- A version that ships without an undo script.
CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
