package dev.blogkit;

/**
 * The database's schema changed beneath an open {@link Blog}: a migration or an undo ran after the Blog was opened
 * and checked its mapping, and a statement now names a table or column that is gone. The call changed nothing.
 * Close the Blog and open it again: opening checks (or migrates) the schema anew.
 */
public class SchemaChangedException extends BlogException {

    private static final long serialVersionUID = 1L;

    public SchemaChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
