package dev.blogkit.internal.repository;

import dev.blogkit.model.Post;
import java.sql.PreparedStatement;
import java.util.List;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Writes posts.search_title and posts.search_body (SearchText's analysis, migration V10), which the Post entity does
 * not map: mapped, they cost every loaded post two more attributes (a user with 100 posts about a fifth slower),
 * for columns only search reads, and only in SQL. Every repository write of a title or a body comes here, in the
 * same transaction (editPost sets them in its own statement); the search index (SQLite's triggers, PostgreSQL's
 * generated column) follows these columns.
 */
final class PostSearchColumns {

    private static final String WRITE = "UPDATE posts SET search_title = coalesce(?, search_title), "
            + "search_body = coalesce(?, search_body) WHERE id = ?";

    private PostSearchColumns() {
    }

    /** Writes the analysis of these posts' titles and bodies, after their INSERTs (executed first if batched). */
    static void written(StatelessSession session, List<Post> posts) {
        if (posts.isEmpty()) {
            return;
        }
        // the INSERTs a batching session still holds go first, so that every row is there to update
        ((SharedSessionContractImplementor) session).getJdbcCoordinator().executeBatch();
        session.doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(WRITE)) {
                for (Post post : posts) {
                    update.setString(1, Post.searchedTitle(post.getTitle()));
                    update.setString(2, Post.searchedBody(post.getBody()));
                    update.setLong(3, post.getId());
                    if (posts.size() == 1) {
                        update.executeUpdate();
                    } else {
                        update.addBatch();
                    }
                }
                if (posts.size() > 1) {
                    update.executeBatch();
                }
            }
        });
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
