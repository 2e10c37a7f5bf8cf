package dev.blogkit;

import java.time.Instant;

/**
 * A post as a listing shows it: its own columns and its author's id and username, read by
 * {@link BlogRepository#listPublishedPostViews}, {@link BlogRepository#publishedPostViews} and
 * {@link BlogRepository#publishedPostsByTag}. A plain value: no entity behind it, nothing loaded lazily, nothing to
 * detach, so a web template can read every field. The query reads only these columns and builds no entity, which
 * makes a page of views cheaper than the same page of {@link dev.blogkit.model.Post}s; load the post
 * ({@link BlogRepository#findPost}) to change it or to read its tags.
 *
 * @param id the post's id
 * @param title the post's title
 * @param body the post's body
 * @param published whether the post has a publication time (always true in the listings of published posts)
 * @param createdAt when the post was created
 * @param authorId the id of the post's author
 * @param authorUsername the username of the post's author
 * @param slug the post's slug, its permalink
 * @param publishedAt when the post was published (null for a draft)
 */
public record PostView(long id, String title, String body, boolean published, Instant createdAt, long authorId,
        String authorUsername, String slug, Instant publishedAt) {

    /** A view without slug and publication time, as PostView was before BlogKit had them. */
    public PostView(long id, String title, String body, boolean published, Instant createdAt, long authorId,
            String authorUsername) {
        this(id, title, body, published, createdAt, authorId, authorUsername, null, published ? createdAt : null);
    }
}
