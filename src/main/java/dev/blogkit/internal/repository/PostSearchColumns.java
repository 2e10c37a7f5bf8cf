package dev.blogkit.internal.repository;

import dev.blogkit.model.Post;
import java.sql.PreparedStatement;
import org.hibernate.StatelessSession;

/**
 * Writes posts.search_title and posts.search_body (SearchText's analysis, migration V10) for updatePost, which
 * updates the Post entity, and Post maps no search column (see model.PostRow: new posts get them in their
 * INSERT, editPost in its own statement). The search index (SQLite's triggers, PostgreSQL's generated column)
 * follows these columns.
 */
final class PostSearchColumns {

    private static final String WRITE = "UPDATE posts SET search_title = coalesce(?, search_title), "
            + "search_body = coalesce(?, search_body) WHERE id = ?";

    private PostSearchColumns() {
    }

    /** Writes the analysis of a post's new title, new body, or both (null: the column keeps what it holds). */
    static void changed(StatelessSession session, long postId, String newTitle, String newBody) {
        if (newTitle == null && newBody == null) {
            return;
        }
        session.doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(WRITE)) {
                update.setString(1, newTitle == null ? null : Post.searchedTitle(newTitle));
                update.setString(2, newBody == null ? null : Post.searchedBody(newBody));
                update.setLong(3, postId);
                update.executeUpdate();
            }
        });
    }
}
