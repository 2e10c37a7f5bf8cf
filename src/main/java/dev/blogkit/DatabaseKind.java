package dev.blogkit;

/** The databases BlogKit runs on. */
public enum DatabaseKind {
    /** An SQLite file: {@code jdbc:sqlite:PATH}. */
    SQLITE("sqlite"),
    /** A PostgreSQL server: {@code jdbc:postgresql://HOST/DATABASE}. */
    POSTGRESQL("postgresql");

    private final String folder;

    DatabaseKind(String folder) {
        this.folder = folder;
    }

    /** The name of this database's folder among the migration scripts, for example {@code sqlite}. */
    public String folder() {
        return folder;
    }
}
