-- Undoes V2 (PostgreSQL): the users lose their bio.
ALTER TABLE users DROP COLUMN bio;
