package dev.blogkit;

/** A call referred to a row that does not exist, for example {@code createPost} for a missing author. */
public class NotFoundException extends BlogException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
