package dev.blogkit;

/**
 * New values for some fields of a user, for {@link BlogRepository#editUser}: a null component leaves that field as
 * it is (so an edit cannot remove a bio: use {@link BlogRepository#updateUser} for that).
 */
public record UserEdit(String username, String email, String bio) {

    /** Whether this edit sets no field at all. */
    public boolean isEmpty() {
        return username == null && email == null && bio == null;
    }
}
