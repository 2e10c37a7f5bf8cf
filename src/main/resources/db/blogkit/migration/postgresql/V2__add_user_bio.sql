-- BlogKit V2 (PostgreSQL): the tutorial's "add a column later": an optional biography.
ALTER TABLE users ADD COLUMN bio TEXT;
