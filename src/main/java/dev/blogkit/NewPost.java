package dev.blogkit;

/** A post to create with {@link BlogRepository#createPosts(java.util.List)}. */
public record NewPost(long authorId, String title, String body, boolean published, String slug) {

    /** A post whose slug BlogKit derives from its title. */
    public NewPost(long authorId, String title, String body, boolean published) {
        this(authorId, title, body, published, null);
    }
}
