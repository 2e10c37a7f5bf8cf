-- Undoes V2: the users lose their bio. BlogKit saves a copy of the database before it runs this.
ALTER TABLE users DROP COLUMN bio;
