-- Undoes V3 (PostgreSQL): cursors handed out before stop working.
DROP TABLE blogkit_settings;
