package dev.blogkit;

/** One row of {@link BlogRepository#postCountsByUser()}: a username and how many posts that user wrote. */
public record UserPostCount(String username, long postCount) {
}
