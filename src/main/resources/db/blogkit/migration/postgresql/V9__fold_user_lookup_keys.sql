-- BlogKit V9: a user's lookup key becomes Unicode's NFKC_Casefold (the full case folding of CaseFolding.txt, as
-- ICU computes it), so that STRAẞE is straße and ı stays apart from i; and the database stores the key's SHA-256
-- (43 characters), so that every value the rules accept has a key that fits its column and its unique index,
-- however far NFKC expands it (V7's columns held the key itself and refused some valid names).
-- The new keys are computed by BlogKit right after this script, in the same transaction (the migration's UserKeys
-- step), which refuses, naming them, users whose usernames or emails would then collide: nothing is changed until
-- they are renamed.
DROP INDEX uq_users_username_key;
DROP INDEX uq_users_email_key;
UPDATE users SET username_key = NULL, email_key = NULL;
ALTER TABLE users ALTER COLUMN username_key TYPE VARCHAR(43);
ALTER TABLE users ALTER COLUMN email_key TYPE VARCHAR(43);
CREATE UNIQUE INDEX uq_users_username_key ON users (username_key);
CREATE UNIQUE INDEX uq_users_email_key ON users (email_key);
