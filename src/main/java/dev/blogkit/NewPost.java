package dev.blogkit;

/** A post to create with {@link BlogRepository#createPosts(java.util.List)}. */
public record NewPost(long authorId, String title, String body, boolean published) {
}
