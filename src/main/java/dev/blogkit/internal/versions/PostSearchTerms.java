package dev.blogkit.internal.versions;

import dev.blogkit.model.Post;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * The step of BlogKit's migration V10 that SQL cannot take: the analysed text of the posts there are already
 * ({@code search_title}, {@code search_body}), computed in Java by the analysis that every later write of a post
 * uses, so that search finds them. It runs right after the script, inside its transaction, a batch of posts at a
 * time in id order; the database's triggers (SQLite) or its generated column (PostgreSQL) index what it writes.
 */
final class PostSearchTerms implements Callback {

    /** The version whose script adds the analysed text. */
    static final String VERSION_10 = "10";
    private static final int BATCH = 500;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE && context.getMigrationInfo() != null
                && context.getMigrationInfo().getVersion() != null
                && VERSION_10.equals(context.getMigrationInfo().getVersion().getVersion());
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            fill(context.getConnection());
        } catch (SQLException e) {
            throw new FlywayException("V" + VERSION_10 + ": cannot analyse the posts' text for search: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "BlogKit post search terms";
    }

    /** Analyses every post's title and body, a batch at a time (memory bounded whatever the number of posts). */
    static void fill(Connection connection) throws SQLException {
        long after = Long.MIN_VALUE;
        try (PreparedStatement read = connection.prepareStatement(
                     "SELECT id, title, body FROM posts WHERE id > ? ORDER BY id LIMIT " + BATCH);
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE posts SET search_title = ?, search_body = ? WHERE id = ?")) {
            while (true) {
                read.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong(1);
                        write.setString(1, Post.searchedTitle(rs.getString(2)));
                        write.setString(2, Post.searchedBody(rs.getString(3)));
                        write.setLong(3, after);
                        write.addBatch();
                        rows++;
                    }
                }
                if (rows == 0) {
                    return;
                }
                write.executeBatch();
            }
        }
    }
}
