package dev.blogkit.internal.versions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * SQLite migrations run with foreign keys off, as SQLite's documentation asks for schema changes: otherwise
 * dropping a table during a table rebuild deletes the rows of its children through ON DELETE CASCADE. This
 * check puts the guarantee back: after each version, inside its transaction, every foreign key must point to a
 * row, or the version fails and is rolled back. The undo runs the same check before it commits.
 */
public final class ForeignKeyCheck implements Callback {

    private static final int SHOWN = 5;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            List<String> violations = violations(context.getConnection());
            if (!violations.isEmpty()) {
                var migration = context.getMigrationInfo();
                String version = migration == null ? "the migration"
                        : "V" + migration.getVersion() + " (" + migration.getDescription() + ")";
                throw new FlywayException(version + " leaves rows whose foreign key points to no row: "
                        + String.join(", ", violations) + "; it was rolled back");
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot check the foreign keys: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "BlogKit foreign key check";
    }

    /** The first few rows whose foreign key points to no row, as {@code posts row 7 -> users}, and how many more. */
    public static List<String> violations(Connection connection) throws SQLException {
        List<String> found = new ArrayList<>();
        int count = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                if (count++ < SHOWN) {
                    found.add(rs.getString("table") + " row " + rs.getLong("rowid") + " -> " + rs.getString("parent"));
                }
            }
        }
        if (count > SHOWN) {
            found.add((count - SHOWN) + " more");
        }
        return found;
    }
}
