-- Undoes V1 (PostgreSQL): the posts first, their foreign key points at users.
DROP TABLE posts;
DROP TABLE users;
