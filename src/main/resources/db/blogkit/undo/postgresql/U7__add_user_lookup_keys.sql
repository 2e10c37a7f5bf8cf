-- Undoes V7: the lookup keys go; usernames and emails stay as typed (and unique as typed, as before V7).
DROP INDEX uq_users_email_key;
DROP INDEX uq_users_username_key;
ALTER TABLE users DROP COLUMN email_key;
ALTER TABLE users DROP COLUMN username_key;
