package dev.blogkit;

import dev.blogkit.model.Post;
import dev.blogkit.model.Tag;
import dev.blogkit.model.User;
import java.time.Instant;
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
 * <p>Ordering: "newest first" means, for listings of published posts, {@code published_at} descending, then
 * {@code id} descending, and for {@link #postsByAuthor}, {@code created_at} descending, then {@code id}
 * descending: total orders, so consecutive pages never repeat or skip a post.
 *
 * <p>Publication: a post is a draft, scheduled (its publication time is still to come) or published. Listings of
 * published posts show a post from its publication time on, by the clock of {@link BlogConfig}; nothing needs to
 * run at that time.
 *
 * <p>Versions: every change to a user or a post, and only a real change, increases its {@code version} and sets
 * its {@code updatedAt}. The calls that take an {@code expectedVersion} write only if the row is still at that
 * version, and otherwise throw {@link ConflictException}: an editor who saves a form opened before a colleague's
 * change cannot erase it. Of two calls with the same expected version, exactly one wins. The calls without one are
 * last-write-wins.
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
     * Stores a new user. The username and email are stored as typed, and are unique without regard to case: once
     * {@code alice} exists, {@code Alice} is taken (see {@link User#lookupKey}).
     *
     * @return the stored user, with its id and creation time; it has no posts yet
     * @throws InvalidInputException if the username or email breaks a rule
     * @throws DuplicateException if the username or email is taken, whatever its case
     */
    User createUser(String username, String email);

    /** The user with this id, posts not loaded. */
    Optional<User> findUser(long id);

    /**
     * The user with this username, compared without regard to case ({@code ALICE} finds {@code alice}; see
     * {@link User#lookupKey}), posts not loaded.
     *
     * @throws InvalidInputException if username is null
     */
    Optional<User> findUserByUsername(String username);

    /**
     * The user with this email, compared without regard to case (see {@link User#lookupKey}), posts not loaded.
     *
     * @return empty if no user has it
     * @throws InvalidInputException if email is null
     */
    Optional<User> findUserByEmail(String email);

    /**
     * A page of users, oldest first (by id), by keyset, posts not loaded. One SQL statement per page.
     *
     * @param cursor null for the first page, else a cursor this listing returned
     * @param limit users per page, 1 to {@link #MAX_LIMIT}
     * @throws InvalidInputException if the cursor was altered or comes from another blog or listing, or the limit is
     *     out of range
     */
    CursorPage<User> listUsers(String cursor, int limit);

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
     * {@link #updateUser(long, Consumer)} if the user is still at {@code expectedVersion}: the version a form was
     * filled from.
     *
     * @return the saved user (one version higher if the change changed it); empty if there is no such user
     * @throws ConflictException if the user's version is not {@code expectedVersion}; nothing is written
     * @throws InvalidInputException as {@link #updateUser(long, Consumer)}
     * @throws DuplicateException as {@link #updateUser(long, Consumer)}
     */
    Optional<User> updateUser(long id, long expectedVersion, Consumer<User> change);

    /**
     * Sets the fields that {@code edit} gives, and only those, with one UPDATE and without loading the user. Last
     * write wins. The new values obey the rules of {@link User}, checked before anything is written. An edit that
     * gives the values the user has already changes nothing (version and update time stay).
     *
     * @return true if the user exists (and now holds the new values), false if there is no such user
     * @throws InvalidInputException if edit is null, sets no field, or a new value breaks a rule
     * @throws DuplicateException if the new username or email is another user's
     */
    boolean editUser(long id, UserEdit edit);

    /**
     * {@link #editUser(long, UserEdit)} if the user is still at {@code expectedVersion}.
     *
     * @throws ConflictException if the user's version is not {@code expectedVersion}; nothing is written
     */
    boolean editUser(long id, long expectedVersion, UserEdit edit);

    /**
     * Deletes the user and, through the database's {@code ON DELETE CASCADE}, all their posts.
     *
     * @return false if there was no such user
     */
    boolean deleteUser(long id);

    /**
     * Stores a new post by the given author, published now if {@code published}, else a draft. Its slug is derived
     * from the title ({@link dev.blogkit.model.Slugs#fromText}), made unique with {@code -2}, {@code -3}, ... when
     * another post has or had it; {@code post} when the title has no letter or digit.
     *
     * @return the stored post, author loaded, no tags
     * @throws NotFoundException if there is no user {@code authorId}
     * @throws InvalidInputException if the title or body breaks a rule
     */
    Post createPost(long authorId, String title, String body, boolean published);

    /**
     * {@link #createPost(long, String, String, boolean)} with the slug the caller chose.
     *
     * @throws InvalidInputException if the slug is not a slug ({@link Post#checkSlug}), or the title or body breaks a
     *     rule
     * @throws DuplicateException if another post has or had the slug (field {@code slug})
     */
    Post createPost(long authorId, String title, String body, boolean published, String slug);

    /** The post with this id, author and tags loaded, in one SQL statement. */
    Optional<Post> findPost(long id);

    /**
     * The post that has this slug, or had it before its slug changed: old links keep working (compare the
     * returned post's {@link Post#getSlug()} with the one asked for to redirect to the current permalink). Author
     * and tags loaded, one SQL statement. Drafts and scheduled posts are found too: check
     * {@link Post#isPublished()} before showing a post to readers.
     *
     * @return empty if no post has or had this slug (whatever the text: a string that is no slug finds nothing)
     * @throws InvalidInputException if slug is null
     */
    Optional<Post> findPostBySlug(String slug);

    /** Every post of this author, newest first, each with its author loaded; empty if there is no such user. */
    List<Post> postsByAuthor(long authorId);

    /**
     * A page of every post of this author, drafts and scheduled posts included, newest first ({@code created_at}
     * descending, then id), by keyset, each with its author loaded. One SQL statement per page.
     *
     * @param cursor null for the first page, else a cursor this listing returned
     * @param limit posts per page, 1 to {@link #MAX_LIMIT}
     * @return an empty page if there is no such user
     * @throws InvalidInputException if the cursor was altered or comes from another blog or listing, or the limit is
     *     out of range
     */
    CursorPage<Post> postsByAuthor(long authorId, String cursor, int limit);

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
     * {@link #updatePost(long, Consumer)} if the post is still at {@code expectedVersion}: the version a form was
     * filled from. Changing the slug ({@link Post#setSlug}) keeps the old one finding the post.
     *
     * @return the saved post, author loaded (one version higher if the change changed it); empty if there is no such
     *     post
     * @throws ConflictException if the post's version is not {@code expectedVersion}; nothing is written
     * @throws InvalidInputException as {@link #updatePost(long, Consumer)}
     * @throws DuplicateException if the change gives the post a slug another post has or had
     */
    Optional<Post> updatePost(long id, long expectedVersion, Consumer<Post> change);

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

    /**
     * {@link #editPost(long, PostEdit)} if the post is still at {@code expectedVersion}, in the same one UPDATE.
     *
     * @throws ConflictException if the post's version is not {@code expectedVersion}; nothing is written
     */
    boolean editPost(long id, long expectedVersion, PostEdit edit);

    /**
     * Publishes the post now; a post published already keeps its publication time, a scheduled one is published now.
     *
     * @return false if there is no such post
     */
    boolean publishPost(long id);

    /**
     * Sets the post's publication time: a time to come schedules it (listings show it from then on), a time past
     * publishes it at that time. Stored at millisecond precision.
     *
     * @return false if there is no such post
     * @throws InvalidInputException if {@code at} is null or outside {@link Post#MIN_INSTANT} to
     *     {@link Post#MAX_INSTANT} (field {@code publishedAt})
     */
    boolean schedulePost(long id, Instant at);

    /**
     * Makes the post a draft again, published or scheduled.
     *
     * @return false if there is no such post
     */
    boolean unpublishPost(long id);

    /** Deletes the post, with its slugs (which other posts may then take) and its taggings; false if there was none. */
    boolean deletePost(long id);

    /**
     * Tags the post with these names, creating the tags that do not exist yet ({@link Tag}: names with the same slug
     * are one tag). A tag the post carries already is left as it is. The post gets a new version if a tag was added.
     *
     * @return false if there is no such post
     * @throws InvalidInputException if no name is given or a name breaks a rule of {@link Tag} (field {@code tag});
     *     nothing is written
     */
    boolean tagPost(long postId, String... names);

    /**
     * Takes these tags off the post; names the post does not carry are ignored, and the tags stay (see
     * {@link #deleteTag}). The post gets a new version if a tag was taken off.
     *
     * @return false if there is no such post
     * @throws InvalidInputException if no name is given or a name breaks a rule of {@link Tag}
     */
    boolean untagPost(long postId, String... names);

    /**
     * Deletes the tag with this name or slug, and takes it off every post (each gets a new version).
     *
     * @return false if there was no such tag
     * @throws InvalidInputException if the name breaks a rule of {@link Tag}
     */
    boolean deleteTag(String nameOrSlug);

    /**
     * A page of the published posts that carry the tag, newest first, by keyset (as {@link #publishedPostViews}: the
     * cost does not grow with the depth of the page). One SQL statement per page.
     *
     * @param tagSlug the tag's slug ({@link Tag#getSlug()}); a slug no tag has gives an empty page
     * @param cursor null for the first page, else a cursor this listing returned
     * @param limit posts per page, 1 to {@link #MAX_LIMIT}
     * @throws InvalidInputException if tagSlug is null, the cursor was altered or comes from another blog or
     *     listing, or the limit is out of range
     */
    CursorPage<PostView> publishedPostsByTag(String tagSlug, String cursor, int limit);

    /** Every tag with its number of published posts, tags without one included; most first, then by slug. */
    List<TagCount> tagCounts();

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

    /**
     * The same page as {@link #listPublishedPostViews(int, int)}, with the number of published posts and pages,
     * all read in one transaction (one snapshot: the totals are those of the listing the page comes from). Two SQL
     * statements at most; one when the page is a last page that is not empty.
     *
     * @param page the page number, counting from 1; a page past the last one is empty (and still has the totals)
     * @param perPage posts per page, 1 to {@link #MAX_PER_PAGE}
     * @throws InvalidInputException if page or perPage is out of range
     */
    Page<PostView> publishedPostsPage(int page, int perPage);

    /**
     * Searches the published posts' titles and bodies with the database's full-text engine (FTS5 on SQLite, text
     * search on PostgreSQL; the same posts are found on both), best match first, then newest first; the page and its
     * totals are read in one transaction.
     *
     * <p>What a reader can type: words, all of which must be in the post ({@code sqlite migrations}); a
     * {@code "quoted phrase"}, whose words must follow one another; a prefix ({@code migrat*}); an excluded word or
     * phrase ({@code -mysql}, {@code -"old news"}). Matching ignores case and diacritics ({@code cafe} finds
     * {@code Café}) and compares English stems ({@code running} finds {@code runs}; a prefix is stemmed too, so
     * {@code runn*} finds nothing where {@code run*} finds both). Characters that are neither letters nor digits
     * separate words, and a word that holds some ({@code e-mail}, {@code don't}) is the phrase of its parts. Any
     * text is a valid query: unbalanced quotes, operators and symbols are read as this syntax, never passed to the
     * engine. A query that has no word to find (only symbols, or only exclusions) finds nothing; at most
     * {@value #MAX_SEARCH_TERMS} terms are used, the rest ignored. A title match ranks above a body match. The title
     * and the first {@value dev.blogkit.model.Post#SEARCHED_BODY_LENGTH} characters of the body are searched.
     *
     * @param query what the reader typed
     * @param page the page number, counting from 1; a page past the last one is empty (and still has the totals)
     * @param perPage hits per page, 1 to {@link #MAX_PER_PAGE}
     * @throws InvalidInputException if the query is null or blank (as every field's rule means it: nothing visible
     *     once white space, controls and invisible characters are taken away; field {@code query}), or page or
     *     perPage is out of range. A query that holds text no post can hold (NUL among words, an unpaired
     *     surrogate) finds nothing.
     */
    Page<SearchHit> searchPosts(String query, int page, int perPage);

    /** How many terms of a query {@link #searchPosts} uses. */
    int MAX_SEARCH_TERMS = 32;

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

    /**
     * A page of every user with their number of posts (drafts and scheduled posts counted), users without posts
     * included: most posts first, then by user id, by keyset. One SQL statement per page; each page counts every
     * user's posts, as {@link #postCountsByUser()} does. Counts that change while a reader walks the pages can move
     * a user across the cursor (shown twice or not at all), as with any listing ordered by a changing value.
     *
     * @param cursor null for the first page, else a cursor this listing returned
     * @param limit users per page, 1 to {@link #MAX_LIMIT}
     * @throws InvalidInputException if the cursor was altered or comes from another blog or listing, or the limit is
     *     out of range
     */
    CursorPage<UserPostCount> postCountsByUser(String cursor, int limit);
}
