package dev.blogkit.internal.orm;

import dev.blogkit.model.Post;
import java.sql.PreparedStatement;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Keeps posts.search_title and posts.search_body (SearchText's analysis, migration V10) in step with a Post that a
 * Hibernate session inserted or updated, in the same transaction: Post maps no search column (a post loaded
 * reads no more than before search had them), so without this a title changed through
 * {@code Blog.inTransaction}'s session would keep its old analysis. BlogKit's repository inserts new posts as
 * model.PostRow, with the analysis in the INSERT, and editPost sets it in its own statement: neither comes here.
 * updatePost's UPDATE comes from a stateless session, whose event carries no old state to tell what changed: it
 * calls {@link #write} itself with what it changed, so that an unchanged body is not analysed again.
 */
public final class PostSearchWrites implements PostInsertEventListener, PostUpdateEventListener {

    private static final long serialVersionUID = 1L;
    private static final String WRITE = "UPDATE posts SET search_title = coalesce(?, search_title), "
            + "search_body = coalesce(?, search_body) WHERE id = ?";

    @Override
    public void onPostInsert(PostInsertEvent event) {
        if (event.getEntity() instanceof Post post) {
            // the INSERT may wait in a batch: it goes first, so that the row is there
            event.getSession().getJdbcCoordinator().executeBatch();
            write(event.getSession(), post.getId(), post.getTitle(), post.getBody());
        }
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        if (!(event.getEntity() instanceof Post post)) {
            return;
        }
        Object[] old = event.getOldState();
        if (old == null) {
            // a stateless session's update: updatePost, which writes what it changed itself
            return;
        }
        EntityPersister persister = event.getPersister();
        Object[] now = event.getState();
        int title = persister.getPropertyIndex("title");
        int body = persister.getPropertyIndex("body");
        String newTitle = java.util.Objects.equals(old[title], now[title]) ? null : post.getTitle();
        String newBody = java.util.Objects.equals(old[body], now[body]) ? null : post.getBody();
        if (newTitle != null || newBody != null) {
            // the UPDATE may wait in a batch: it goes first, so that it cannot write over this one
            event.getSession().getJdbcCoordinator().executeBatch();
            write(event.getSession(), post.getId(), newTitle, newBody);
        }
    }

    /**
     * Writes the analysis of a post's new title, new body, or both, in the session's transaction; a null keeps what
     * the column holds, and nothing is written when both are null.
     */
    public static void write(org.hibernate.engine.spi.SharedSessionContractImplementor session, long id, String title,
                             String body) {
        if (title == null && body == null) {
            return;
        }
        session.doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(WRITE)) {
                update.setString(1, title == null ? null : Post.searchedTitle(title));
                update.setString(2, body == null ? null : Post.searchedBody(body));
                update.setLong(3, id);
                update.executeUpdate();
            }
        });
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }
}
