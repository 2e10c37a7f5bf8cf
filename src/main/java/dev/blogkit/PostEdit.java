package dev.blogkit;

/**
 * New values for some fields of a post, for {@link BlogRepository#editPost}: a null component leaves that field
 * as it is. For example {@code new PostEdit("New title", null, true)} retitles and publishes a post and keeps its
 * body.
 */
public record PostEdit(String title, String body, Boolean published) {

    /** Whether this edit sets no field at all. */
    public boolean isEmpty() {
        return title == null && body == null && published == null;
    }
}
