-- An application's own migration, with its own Flyway history, beside BlogKit's.
CREATE TABLE app_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO app_settings (name, value) VALUES ('theme', 'dark');
