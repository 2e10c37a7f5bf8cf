package dev.blogkit;

/**
 * An association of a returned (detached) entity was read although the repository method that returned the
 * entity did not load it. The message names the method that does, for example
 * {@link BlogRepository#findUserWithPosts(long)} for {@code User.getPosts()}.
 */
public class NotLoadedException extends BlogException {

    private static final long serialVersionUID = 1L;

    public NotLoadedException(String message, Throwable cause) {
        super(message, cause);
    }
}
