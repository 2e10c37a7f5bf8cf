package dev.blogkit.internal.jdbc;

import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;

/**
 * Whether the JDBC driver of a database is on the class path. sqlite-jdbc comes with BlogKit; pgJDBC is the
 * application's choice (an optional dependency of BlogKit's), so a PostgreSQL URL without it is refused before
 * anything connects, with one line that names the artifact to add.
 */
public final class Drivers {

    /** The pgJDBC version BlogKit is built and tested with; any 42.x works. */
    public static final String TESTED_POSTGRESQL_DRIVER = "42.7.14";

    private Drivers() {
    }

    /**
     * @throws BlogException if the driver of this kind of database cannot be loaded, naming the dependency to add
     */
    public static void require(DatabaseKind kind) {
        require(kind, Drivers.class.getClassLoader(), Thread.currentThread().getContextClassLoader());
    }

    static void require(DatabaseKind kind, ClassLoader... loaders) {
        String driverClass = kind == DatabaseKind.SQLITE ? "org.sqlite.JDBC" : "org.postgresql.Driver";
        for (ClassLoader loader : loaders) {
            if (loader != null && loadable(driverClass, loader)) {
                return;
            }
        }
        throw new BlogException(kind == DatabaseKind.SQLITE
                ? "the SQLite JDBC driver (org.sqlite.JDBC) is not on the class path: BlogKit depends on"
                        + " org.xerial:sqlite-jdbc; do not exclude it when the application uses SQLite"
                : "the PostgreSQL JDBC driver (org.postgresql.Driver) is not on the class path: add the dependency"
                        + " org.postgresql:postgresql (BlogKit is tested with " + TESTED_POSTGRESQL_DRIVER + ")");
    }

    private static boolean loadable(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
