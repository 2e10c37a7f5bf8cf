package dev.blogkit;

/** A user to create with {@link BlogRepository#createUsers(java.util.List)}. */
public record NewUser(String username, String email) {
}
