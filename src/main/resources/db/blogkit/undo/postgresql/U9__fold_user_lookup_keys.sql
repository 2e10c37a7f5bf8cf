-- Undoes V9: the lookup keys are V7's again (NFKC, then upper and lower case in the root locale, stored as they
-- are). BlogKit computes them right after this script, in the same transaction, and refuses, naming them, users
-- whose usernames or emails would then collide (ı and i) or whose key would not fit V7's columns.
DROP INDEX uq_users_email_key;
DROP INDEX uq_users_username_key;
UPDATE users SET username_key = NULL, email_key = NULL;
ALTER TABLE users ALTER COLUMN username_key TYPE VARCHAR(256);
ALTER TABLE users ALTER COLUMN email_key TYPE VARCHAR(512);
CREATE UNIQUE INDEX uq_users_username_key ON users (username_key);
CREATE UNIQUE INDEX uq_users_email_key ON users (email_key);
