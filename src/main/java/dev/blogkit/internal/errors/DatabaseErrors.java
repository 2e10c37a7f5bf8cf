package dev.blogkit.internal.errors;

import dev.blogkit.BlogException;
import dev.blogkit.DuplicateException;
import dev.blogkit.SchemaChangedException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one place where failures of the database, the driver, the pool, Hibernate or Flyway become BlogKit
 * exceptions with a message a user can act on. Anything else (an application's own exception thrown from a
 * change consumer, say) passes through unchanged.
 */
public final class DatabaseErrors {

    /**
     * What the database said, at DEBUG: the failure reaches the caller as a BlogKit exception with the same
     * message, so nothing is logged above DEBUG (Hibernate is told not to log it: hibernate.jdbc.log.errors).
     */
    private static final Logger log = LoggerFactory.getLogger(DatabaseErrors.class);

    /** Unique constraints by the field they protect: SQLite names the column, PostgreSQL the constraint. */
    private static final Map<String, String[]> UNIQUE_FIELDS = Map.of(
            "username", new String[] {"users.username", "uq_users_username"},
            "email", new String[] {"users.email", "uq_users_email"},
            "slug", new String[] {"posts.slug", "uq_posts_slug", "post_slugs.slug", "post_slugs_pkey"});

    private DatabaseErrors() {
    }

    /**
     * @param failure what was thrown
     * @param doing what BlogKit was doing, for the message ("cannot open jdbc:sqlite:blog.db")
     * @return the exception to throw instead
     */
    public static RuntimeException translate(Throwable failure, String doing) {
        if (failure instanceof BlogException blogException) {
            return blogException;
        }
        SQLException sqlException = find(failure, SQLException.class);
        if (sqlException == null && !isPersistenceFailure(failure)) {
            return failure instanceof RuntimeException runtime ? runtime : new BlogException(doing + ": " + failure, failure);
        }
        if (log.isDebugEnabled()) {
            log.debug("{}: the database said: {}", doing, Masking.mask(messages(failure).strip().replace('\n', '|')));
        }
        String messages = messages(failure).toLowerCase(Locale.ROOT);
        if (messages.contains("unique constraint") || messages.contains("duplicate key")) {
            for (Map.Entry<String, String[]> field : UNIQUE_FIELDS.entrySet()) {
                for (String marker : field.getValue()) {
                    if (messages.contains(marker)) {
                        return new DuplicateException(field.getKey(), field.getKey() + " is already taken by another "
                                + (field.getKey().equals("slug") ? "post" : "user"), failure);
                    }
                }
            }
        }
        if (isSchemaGone(sqlException, messages)) {
            return new SchemaChangedException(doing + ": the database's schema changed since this Blog was opened (a "
                    + "migration or an undo ran: " + rootMessage(failure) + "); nothing was changed: close the Blog and "
                    + "open it again", failure);
        }
        SQLiteErrorCode code = sqliteCode(failure);
        if (code != null) {
            switch (code) {
                case SQLITE_BUSY, SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT, SQLITE_LOCKED,
                        SQLITE_LOCKED_SHAREDCACHE -> {
                    return new BlogException(doing + ": the database stayed locked by another connection or process "
                            + "for longer than the busy timeout (BlogConfig.Builder.busyTimeout); nothing was changed", failure);
                }
                case SQLITE_NOTADB -> {
                    return new BlogException(doing + ": the file is not an SQLite database", failure);
                }
                case SQLITE_CANTOPEN, SQLITE_CANTOPEN_ISDIR, SQLITE_CANTOPEN_FULLPATH, SQLITE_PERM,
                        SQLITE_READONLY -> {
                    return new BlogException(doing + ": the database file cannot be opened for writing ("
                            + rootMessage(failure) + ")", failure);
                }
                case SQLITE_FULL -> {
                    return new BlogException(doing + ": the disk is full; nothing was changed", failure);
                }
                default -> {
                    // the generic message below
                }
            }
        }
        return new BlogException(doing + ": " + rootMessage(failure), failure);
    }

    /**
     * A statement named a table or column that does not exist. The mapping was checked against the schema when the
     * Blog opened, so the schema changed since: SQLite says "no such table/column" (or, for an INSERT, "table t has
     * no column named c"), PostgreSQL gives SQLSTATE
     * 42P01 (undefined table) or 42703 (undefined column).
     */
    private static boolean isSchemaGone(SQLException sqlException, String messages) {
        String state = sqlException == null ? null : sqlException.getSQLState();
        return "42P01".equals(state) || "42703".equals(state)
                || messages.contains("no such column") || messages.contains("no such table")
                || messages.contains("has no column named");
    }

    /**
     * The connection broke: SQLSTATE class 08 (connection exception), 57P01 to 57P03 (the server terminated the
     * session or is shutting down), or an I/O failure underneath.
     */
    public static boolean isConnectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isPersistenceFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof jakarta.persistence.PersistenceException || name.startsWith("org.flywaydb.")
                    || name.startsWith("com.zaxxer.hikari.")) {
                return true;
            }
        }
        return false;
    }

    private static SQLiteErrorCode sqliteCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return sqlite.getResultCode();
            }
        }
        return null;
    }

    /** What the driver said about a connection that failed, without the server's severity word. */
    public static String connectionProblem(SQLException failure) {
        String said = String.valueOf(failure.getMessage()).replaceFirst("^(FATAL|ERROR): +", "");
        Throwable root = root(failure);
        if (root instanceof java.net.UnknownHostException) {
            return said + " (unknown host " + root.getMessage() + ")";
        }
        if (root != failure && root.getMessage() != null && !said.contains(root.getMessage())) {
            return said + " (" + root.getMessage() + ")";
        }
        return said;
    }

    /** The first exception of this type in the failure's cause chain, or null. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            if (t.getCause() == t) {
                break;
            }
        }
        return all.toString();
    }

    public static String rootMessage(Throwable failure) {
        Throwable root = root(failure);
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
