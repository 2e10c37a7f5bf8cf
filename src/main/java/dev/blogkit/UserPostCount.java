package dev.blogkit;

/**
 * One row of {@link BlogRepository#postCountsByUser()}: a user and how many posts that user wrote.
 *
 * @param userId the user's id
 * @param username the user's username
 * @param postCount how many posts the user has, drafts and scheduled posts included
 */
public record UserPostCount(long userId, String username, long postCount) {

    /** A count without the user's id (0), as UserPostCount was before it had one. */
    public UserPostCount(String username, long postCount) {
        this(0, username, postCount);
    }

    /** The user's id: the same as {@link #userId()}. */
    public long id() {
        return userId;
    }
}
