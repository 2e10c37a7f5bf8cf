-- Undoes V1 (create comments). Written by BlogKit's generate.

DROP TABLE comments;
