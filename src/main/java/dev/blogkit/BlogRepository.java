package dev.blogkit;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything a blog needs from its database. Thread-safe: one instance serves every thread of the application.
 *
 * <p>Each call is one transaction: it commits entirely or, when it throws, leaves the database exactly as it
 * was. What a call returns is detached: it stays usable after the call, with the associations that the method's
 * documentation promises already loaded. Reading an association a method did not load throws
 * {@link NotLoadedException}, whose message names the method that loads it.
 *
 * <p>Ordering: "newest first" means {@code created_at} descending, then {@code id} descending, a total order,
 * so consecutive pages never repeat or skip a post.
 *
 * <p>Failures: {@link InvalidInputException} for arguments that break a rule (see {@link User} and
 * {@link Post} for the rules), {@link DuplicateException} for a username or email that is taken,
 * {@link NotFoundException} where a call needs a row that does not exist, {@link BlogException} for database
 * failures.
 */
public interface BlogRepository {

    /** The largest {@code perPage} that {@link #listPublishedPosts} and {@link #listPublishedPostViews} accept. */
    int MAX_PER_PAGE = 100;

    /** The largest {@code limit} that {@link #publishedPosts} and {@link #publishedPostViews} accept. */
    int MAX_LIMIT = 100;

    /**
     * Stores a new user.
     *
     * @return the stored user, with its id and creation time; it has no posts yet
     * @throws InvalidInputException if the username or email breaks a rule
     * @throws DuplicateException if the username or email is taken
     */
    User createUser(String username, String email);

    /** The user with this id, posts not loaded. */
    Optional<User> findUser(long id);

    /** The user with exactly this username (case-sensitive), posts not loaded. */
    Optional<User> findUserByUsername(String username);

    /**
     * The user with all their posts loaded, oldest first, in one SQL statement whatever their number (the
     * counterpart of the tutorial's {@code selectinload}). Each post's author is this user.
     */
    Optional<User> findUserWithPosts(long id);

    /**
     * Loads the user, applies {@code change} to it, validates it and commits, all in one transaction.
     * If {@code change} throws, or the changed user breaks a rule, nothing is saved. The change may change the user
     * only: a change to one of their posts (reached through {@code getPosts()}) is refused, and nothing is saved.
     *
     * @return the saved user (posts not loaded unless {@code change} read them); empty if there is no such user
     * @throws InvalidInputException if the changed user breaks a rule, or the change changed one of their posts
     *     (field {@code change}: use {@link #updatePost} or {@link #editPost})
     * @throws DuplicateException if the change takes a username or email another user has
     */
    Optional<User> updateUser(long id, Consumer<User> change);

    /**
     * Deletes the user and, through the database's {@code ON DELETE CASCADE}, all their posts.
     *
     * @return false if there was no such user
     */
    boolean deleteUser(long id);

    /**
     * Stores a new post by the given author.
     *
     * @return the stored post, author loaded
     * @throws NotFoundException if there is no user {@code authorId}
     * @throws InvalidInputException if the title or body breaks a rule
     */
    Post createPost(long authorId, String title, String body, boolean published);

    /** The post with this id, author loaded. */
    Optional<Post> findPost(long id);

    /** Every post of this author, newest first, each with its author loaded; empty if there is no such user. */
    List<Post> postsByAuthor(long authorId);

    /**
     * Loads the post, applies {@code change}, validates and commits, in one transaction. The change may change the
     * post only: the post is written with one UPDATE if the change changed it, and not at all otherwise; a change
     * to its author is refused, and nothing is written. The author's posts are not loaded
     * ({@link NotLoadedException} if the change reads them).
     *
     * @return the saved post, author loaded; empty if there is no such post
     * @throws InvalidInputException if the changed post breaks a rule, or the change changed its author (field
     *     {@code change}: use {@link #updateUser})
     */
    Optional<Post> updatePost(long id, Consumer<Post> change);

    /**
     * Sets the fields that {@code edit} gives, and only those, with one UPDATE and without loading the post: for
     * a change that does not depend on what the post holds now, such as publishing it or giving it a new title.
     * The new values obey the same rules as {@link #updatePost}'s ({@link Post#checkTitle}, {@link Post#checkBody}),
     * checked before anything is written; as no Post is loaded, these checks run directly, not through the
     * entity's {@code @PreUpdate} callback (nor any other JPA callback an application adds).
     *
     * @return true if the post exists (and now holds the new values), false if there is no such post
     * @throws InvalidInputException if edit is null, sets no field, or a new value breaks a rule; nothing is written
     */
    boolean editPost(long id, PostEdit edit);

    /** Deletes the post; false if there was none. */
    boolean deletePost(long id);

    /**
     * One page of published posts, newest first, each with its author loaded, in one SQL statement
     * whatever the page size.
     *
     * @param page the page number, counting from 1; a page past the last one is empty
     * @param perPage posts per page, 1 to {@link #MAX_PER_PAGE}
     * @throws InvalidInputException if page or perPage is out of range
     */
    List<Post> listPublishedPosts(int page, int perPage);

    /**
     * The same page as {@link #listPublishedPosts(int, int)}, as {@link PostView}s: each post's columns with its
     * author's id and username, in one SQL statement that reads only those columns and builds no entity. For
     * pages that show posts rather than change them; cheaper than the entities.
     *
     * @param page the page number, counting from 1; a page past the last one is empty
     * @param perPage posts per page, 1 to {@link #MAX_PER_PAGE}
     * @throws InvalidInputException if page or perPage is out of range
     */
    List<PostView> listPublishedPostViews(int page, int perPage);

    /** How many posts are published. */
    long countPublishedPosts();

    /**
     * Stores many users in one transaction, with JDBC batching: all of them, or, if any breaks a rule or is
     * taken, none (the exception's message names the row's index, counting from 0).
     *
     * @return the stored users, in the order given
     * @throws InvalidInputException if a row breaks a rule
     * @throws DuplicateException if a username or email is taken, or given twice
     */
    List<User> createUsers(List<NewUser> users);

    /**
     * Stores many posts in one transaction, with JDBC batching: all of them, or none if any breaks a rule or
     * names a missing author (the message names the row's index, counting from 0). The posts get
     * {@code created_at} in the order given.
     *
     * @return the stored posts, in the order given, authors loaded
     * @throws InvalidInputException if a row breaks a rule
     * @throws NotFoundException if a row's author does not exist
     */
    List<Post> createPosts(List<NewPost> posts);

    /**
     * A page of published posts, newest first, by keyset: the cost does not grow with the depth of the page.
     * Pass null for the first page, then the page's {@link CursorPage#nextCursor()}; a cursor is opaque
     * URL-safe text that a web application can put in a link. One SQL statement.
     *
     * @param cursor null for the first page, else a cursor this blog returned
     * @param limit posts per page, 1 to {@link #MAX_LIMIT}
     * @throws InvalidInputException if the cursor was altered or comes from another blog or listing, or the
     *     limit is out of range
     */
    CursorPage<Post> publishedPosts(String cursor, int limit);

    /**
     * The same keyset page as {@link #publishedPosts(String, int)}, as {@link PostView}s (see
     * {@link #listPublishedPostViews}). Both walk the same listing: a cursor either of them returned works in
     * both.
     *
     * @param cursor null for the first page, else a cursor this blog returned
     * @param limit posts per page, 1 to {@link #MAX_LIMIT}
     * @throws InvalidInputException if the cursor was altered or comes from another blog or listing, or the
     *     limit is out of range
     */
    CursorPage<PostView> publishedPostViews(String cursor, int limit);

    /**
     * Hands every published post, newest first and with its author loaded, to {@code action}, in one read
     * transaction (a consistent snapshot) and in constant memory whatever the number of posts: for feeds and
     * exports. The posts must not be kept for later use beyond what the application needs.
     *
     * @return how many posts were handed over
     */
    long forEachPublishedPost(Consumer<? super Post> action);

    /** Every user with their number of posts, users without posts included; most posts first, then username. */
    List<UserPostCount> postCountsByUser();
}
