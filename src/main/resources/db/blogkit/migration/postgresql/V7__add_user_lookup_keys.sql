-- BlogKit V7: usernames and emails are unique, and found, without regard to case, the same way on every database:
-- through a lookup key that BlogKit computes (User.lookupKey: NFKC, then case-folded), not through a database
-- collation, which SQLite and PostgreSQL do not share. Usernames and emails stay as typed.
-- The keys of the users there are already are computed by BlogKit right after this script, in the same
-- transaction (the migration's UserKeys step), which refuses, naming them, users whose usernames or emails would
-- then collide: nothing is changed until they are renamed.
ALTER TABLE users ADD COLUMN username_key VARCHAR(256);
ALTER TABLE users ADD COLUMN email_key VARCHAR(512);

CREATE UNIQUE INDEX uq_users_username_key ON users (username_key);
CREATE UNIQUE INDEX uq_users_email_key ON users (email_key);
