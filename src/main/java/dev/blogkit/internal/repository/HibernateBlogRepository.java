package dev.blogkit.internal.repository;

import dev.blogkit.BlogRepository;
import dev.blogkit.ConflictException;
import dev.blogkit.CursorPage;
import dev.blogkit.InvalidInputException;
import dev.blogkit.NewPost;
import dev.blogkit.NewUser;
import dev.blogkit.NotFoundException;
import dev.blogkit.Page;
import dev.blogkit.SearchHit;
import dev.blogkit.PostEdit;
import dev.blogkit.PostView;
import dev.blogkit.TagCount;
import dev.blogkit.UserEdit;
import dev.blogkit.UserPostCount;
import dev.blogkit.internal.orm.PostSearchWrites;
import dev.blogkit.internal.orm.Transactions;
import dev.blogkit.internal.text.Identity;
import dev.blogkit.model.Checks;
import dev.blogkit.model.Post;
import dev.blogkit.model.PostRow;
import dev.blogkit.model.Post_;
import dev.blogkit.model.Tag;
import dev.blogkit.model.User;
import dev.blogkit.model.User_;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.SharedSessionContract;
import org.hibernate.StatelessSession;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.named.NamedObjectRepository;
import org.hibernate.query.sqm.spi.NamedSqmQueryMemento;

/** {@link BlogRepository} on Hibernate: each method is one call of {@link Transactions}. */
public final class HibernateBlogRepository implements BlogRepository {

    /*
     * Pages of published posts, two plans for two depths (the named queries Post.publishedNearTop and
     * Post.publishedByOffset). Near the top, one join walks the (published, created_at) index and stops after the
     * page: nothing to skip. Deeper down, OFFSET would join every row it skips, so the subquery picks the page's ids
     * from the index alone and the outer query loads only those posts with their authors. Both are one statement
     * whose parameters are all single values, so that Hibernate reuses its translation (an IN list of ids would be
     * translated anew for every call). The keyset seek (Post.publishedAfter) skips nothing, so one join; its cost
     * does not grow with the depth. Each plan comes in two shapes (PageQueries): Post entities with their
     * authors, or PostViews.
     */



    /**
     * editPost, versioned or not (:expected null), in one statement whichever fields the edit sets (a null parameter
     * keeps the column): it writes only a real change, and then sets the update time and the next version.
     * published true publishes now a draft or a scheduled post and keeps a published one; false makes a draft.
     */
    private static final String EDIT_POST = """
            UPDATE posts
            SET title = coalesce(:title, title),
                body = coalesce(:body, body),
                search_title = coalesce(:searchTitle, search_title),
                search_body = coalesce(:searchBody, search_body),
                published_at = CASE WHEN :publish IS NULL THEN published_at
                                    WHEN :publish THEN CASE WHEN published_at <= :now THEN published_at ELSE :now END
                                    ELSE NULL END,
                published = coalesce(:publish, published),
                updated_at = :now,
                version = version + 1
            WHERE id = :id
              AND (:expected IS NULL OR version = :expected)
              AND ((:title IS NOT NULL AND title <> :title)
                   OR (:body IS NOT NULL AND body <> :body)
                   OR (:publish IS NOT NULL AND CASE WHEN :publish
                                                     THEN published_at IS NULL OR published_at > :now
                                                     ELSE published_at IS NOT NULL END))
            """;

    /** editUser, as EDIT_POST: one statement, only a real change is written. */
    private static final String EDIT_USER = """
            UPDATE users
            SET username = coalesce(:username, username),
                username_key = coalesce(:usernameKey, username_key),
                email = coalesce(:email, email),
                email_key = coalesce(:emailKey, email_key),
                bio = coalesce(:bio, bio),
                updated_at = :now,
                version = version + 1
            WHERE id = :id
              AND (:expected IS NULL OR version = :expected)
              AND ((:username IS NOT NULL AND username <> :username)
                   OR (:email IS NOT NULL AND email <> :email)
                   OR (:bio IS NOT NULL AND (bio IS NULL OR bio <> :bio)))
            """;

    /** publishPost: a draft or a scheduled post is published now; a published post is left as it is. */
    private static final String PUBLISH = """
            UPDATE posts SET published = :yes, published_at = :now, updated_at = :now, version = version + 1
            WHERE id = :id AND (published_at IS NULL OR published_at > :now)
            """;
    private static final String SCHEDULE = """
            UPDATE posts SET published = :yes, published_at = :at, updated_at = :now, version = version + 1
            WHERE id = :id AND (published_at IS NULL OR published_at <> :at)
            """;
    private static final String UNPUBLISH = """
            UPDATE posts SET published = :no, published_at = NULL, updated_at = :now, version = version + 1
            WHERE id = :id AND published_at IS NOT NULL
            """;
    private static final String TOUCH_POST = "UPDATE posts SET updated_at = :now, version = version + 1 WHERE id = :id";

    /** Posts per round trip when {@link #forEachPublishedPost} walks the whole listing. */
    private static final int STREAM_BATCH = 500;





    private final Transactions transactions;
    /** For the repositories of {@link #inOneTransaction}. */
    private final SessionFactory sessionFactory;
    private final Clock clock;
    private final Cursors cursors;
    private final BulkWrites bulk;

    /*
     * The queries are the entities' named queries (dev.blogkit.model), which Hibernate's processor checks when
     * BlogKit compiles; they run by their text, read once here, exactly as the repository ran its HQL before they
     * were named: Hibernate keeps one translation per text, and no named query's options are applied per call.
     */
    private final String userByUsername;
    private final String userByEmail;
    private final String usersPage;
    private final String usersPageAfter;
    private final String postCountsPage;
    private final String postCountsPageAfter;
    private final String authorPostsPage;
    private final String authorPostsPageAfter;
    private final String userWithPosts;
    private final String userPostCounts;
    private final String postWithAuthor;
    private final String postWithAuthorAndTags;
    private final String postBySlug;
    private final String postsByAuthor;
    private final String countPublished;
    /** Published posts as entities, each with its author. */
    private final PublishedListing.Shape<Post> posts;
    /** Published posts as views: only the columns a PostView holds, and no entity to build. */
    private final PublishedListing.Shape<PostView> views;
    private final String viewsByTag;
    private final String viewsByTagAfter;
    private final PostSearch search;
    /** PostgreSQL: writers run side by side, so a read-modify-write locks its row first (SQLite: one writer). */
    private final boolean lockRows;

    public HibernateBlogRepository(Transactions transactions, SessionFactory sessionFactory, Clock clock,
            Cursors cursors) {
        this.transactions = transactions;
        this.sessionFactory = sessionFactory;
        this.clock = clock;
        this.cursors = cursors;
        this.bulk = new BulkWrites(transactions, this::now);
        NamedObjectRepository named = sessionFactory.unwrap(SessionFactoryImplementor.class).getQueryEngine()
                .getNamedObjectRepository();
        this.userByUsername = hql(named, User_.QUERY_USER_BY_USERNAME);
        this.userByEmail = hql(named, User_.QUERY_USER_BY_EMAIL);
        this.usersPage = hql(named, User_.QUERY_USER_PAGE);
        this.usersPageAfter = hql(named, User_.QUERY_USER_PAGE_AFTER);
        this.postCountsPage = hql(named, User_.QUERY_USER_POST_COUNTS_PAGE);
        this.postCountsPageAfter = hql(named, User_.QUERY_USER_POST_COUNTS_PAGE_AFTER);
        this.authorPostsPage = hql(named, Post_.QUERY_POST_BY_AUTHOR_PAGE);
        this.authorPostsPageAfter = hql(named, Post_.QUERY_POST_BY_AUTHOR_PAGE_AFTER);
        this.userWithPosts = hql(named, User_.QUERY_USER_WITH_POSTS);
        this.userPostCounts = hql(named, User_.QUERY_USER_POST_COUNTS);
        this.postWithAuthor = hql(named, Post_.QUERY_POST_WITH_AUTHOR);
        this.postWithAuthorAndTags = hql(named, Post_.QUERY_POST_WITH_AUTHOR_AND_TAGS);
        this.postBySlug = hql(named, Post_.QUERY_POST_BY_SLUG);
        this.postsByAuthor = hql(named, Post_.QUERY_POST_BY_AUTHOR);
        this.countPublished = hql(named, Post_.QUERY_POST_COUNT_PUBLISHED);
        this.posts = new PublishedListing.Shape<>(Post.class, hql(named, Post_.QUERY_POST_PUBLISHED_NEAR_TOP),
                hql(named, Post_.QUERY_POST_PUBLISHED_BY_OFFSET), hql(named, Post_.QUERY_POST_PUBLISHED_AFTER),
                post -> new Cursors.Position(post.getPublishedAt(), post.getId()));
        this.views = new PublishedListing.Shape<>(PostView.class, hql(named, Post_.QUERY_POST_VIEWS_NEAR_TOP),
                hql(named, Post_.QUERY_POST_VIEWS_BY_OFFSET), hql(named, Post_.QUERY_POST_VIEWS_AFTER),
                view -> new Cursors.Position(view.publishedAt(), view.id()));
        this.viewsByTag = hql(named, Post_.QUERY_POST_VIEWS_BY_TAG);
        this.viewsByTagAfter = hql(named, Post_.QUERY_POST_VIEWS_BY_TAG_AFTER);
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        this.lockRows = factory.getJdbcServices().getDialect() instanceof PostgreSQLDialect;
        this.search = new PostSearch(lockRows);
    }

    /**
     * Runs {@code work} with a repository whose calls share one transaction ({@link Transactions#inShared}).
     */
    public <T> T inOneTransaction(String operation, Function<BlogRepository, T> work) {
        return transactions.inShared(operation,
                shared -> work.apply(new HibernateBlogRepository(shared, sessionFactory, clock, cursors)));
    }

    /** This repository, whose reads also see every write before the WAL position ({@link Transactions#seeing}). */
    public HibernateBlogRepository seeing(long position) {
        return new HibernateBlogRepository(transactions.seeing(position), sessionFactory, clock, cursors);
    }

    private static String hql(NamedObjectRepository named, String name) {
        NamedSqmQueryMemento<?> query = named.getSqmQueryMemento(name);
        if (query == null) {
            throw new IllegalStateException("the entities declare no named query " + name);
        }
        return query.getHqlString();
    }

    @Override
    public User createUser(String username, String email) {
        return transactions.write("createUser", session -> {
            User user = new User(username, email, now());
            session.persist(user);
            return user;
        });
    }

    @Override
    public Optional<User> findUser(long id) {
        return transactions.readStateless("findUser", session -> Optional.ofNullable(session.get(User.class, id)));
    }

    @Override
    public Optional<User> findUserByUsername(String username) {
        return findUserByKey("findUserByUsername", userByUsername, "username", username);
    }

    @Override
    public Optional<User> findUserByEmail(String email) {
        return findUserByKey("findUserByEmail", userByEmail, "email", email);
    }

    /** The user whose stored lookup key ({@link Identity#storedKey}) of this field is the value's. */
    private Optional<User> findUserByKey(String operation, String query, String field, String value) {
        requireArgument(field, value);
        if (!Checks.isStorable(value)) {
            return Optional.empty(); // no user has it
        }
        return transactions.readStateless(operation, session -> session
                .createSelectionQuery(query, User.class)
                .setParameter("key", Identity.storedKey(value))
                .uniqueResultOptional());
    }

    @Override
    public CursorPage<User> listUsers(String cursor, int limit) {
        return keysetPage("listUsers", Cursors.Listing.USERS, cursor, limit, (session, after) -> (after == null
                        ? session.createSelectionQuery(usersPage, User.class)
                        : session.createSelectionQuery(usersPageAfter, User.class).setParameter("id", after.id()))
                        .setMaxResults(limit + 1).getResultList(),
                user -> new Cursors.Position(Instant.EPOCH, user.getId()));
    }

    @Override
    public Optional<User> findUserWithPosts(long id) {
        Optional<User> user = transactions.readStateless("findUserWithPosts", session -> session
                .createSelectionQuery(userWithPosts, User.class)
                .setParameter("id", id)
                .uniqueResultOptional());
        user.ifPresent(u -> u.getPosts().forEach(this::clocked));
        return user;
    }

    @Override
    public Optional<User> updateUser(long id, Consumer<User> change) {
        return updateUser("updateUser", id, null, change);
    }

    @Override
    public Optional<User> updateUser(long id, long expectedVersion, Consumer<User> change) {
        return updateUser("updateUser", id, expectedVersion, change);
    }

    private Optional<User> updateUser(String operation, long id, Long expectedVersion, Consumer<User> change) {
        requireArgument("change", change);
        return transactions.write(operation, session -> {
            if (lockRows || expectedVersion != null) {
                Long current = currentVersion(session, "users", id, true);
                if (current == null) {
                    return Optional.empty();
                }
                requireVersion(operation, "user", id, expectedVersion, current);
            }
            User user = session.find(User.class, id);
            if (user == null) {
                return Optional.empty();
            }
            change.accept(user);
            refuseChangesBeyond(session, user, "updateUser changes the user only, and the change altered one of their "
                    + "posts: change a post with updatePost or editPost; nothing was written");
            if (isDirty(session, user)) {
                StatelessChanges.touch(session.unwrap(SessionImplementor.class), user, now());
            }
            return Optional.of(user);
        });
    }

    @Override
    public boolean editUser(long id, UserEdit edit) {
        return editUser("editUser", id, null, edit);
    }

    @Override
    public boolean editUser(long id, long expectedVersion, UserEdit edit) {
        return editUser("editUser", id, expectedVersion, edit);
    }

    private boolean editUser(String operation, long id, Long expectedVersion, UserEdit edit) {
        requireArgument("edit", edit);
        if (edit.isEmpty()) {
            throw new InvalidInputException("edit", operation + ": the edit sets no field; give a username, an email "
                    + "or a bio");
        }
        if (edit.username() != null) {
            User.checkUsername(edit.username());
        }
        if (edit.email() != null) {
            User.checkEmail(edit.email());
        }
        if (edit.bio() != null) {
            User.checkBio(edit.bio());
        }
        return transactions.writeStateless(operation, session -> {
            int changed = session.createNativeMutationQuery(EDIT_USER)
                    .setParameter("username", edit.username(), String.class)
                    .setParameter("usernameKey", edit.username() == null ? null : Identity.storedKey(edit.username()),
                            String.class)
                    .setParameter("email", edit.email(), String.class)
                    .setParameter("emailKey", edit.email() == null ? null : Identity.storedKey(edit.email()), String.class)
                    .setParameter("bio", edit.bio(), String.class)
                    .setParameter("now", now())
                    .setParameter("expected", expectedVersion, Long.class)
                    .setParameter("id", id)
                    .executeUpdate();
            return changed > 0 || unchangedButThere(session, operation, "users", id, expectedVersion);
        });
    }

    @Override
    public boolean deleteUser(long id) {
        // one DELETE: the database's ON DELETE CASCADE removes the posts, none is loaded. Native SQL: Hibernate
        // keeps no plan of an HQL mutation and would translate it anew on every call
        return transactions.writeStateless("deleteUser", session -> session
                .createNativeMutationQuery("DELETE FROM users WHERE id = :id")
                .setParameter("id", id)
                .executeUpdate() > 0);
    }

    @Override
    public Post createPost(long authorId, String title, String body, boolean published) {
        return createPost(authorId, title, body, published, null, "createPost");
    }

    @Override
    public Post createPost(long authorId, String title, String body, boolean published, String slug) {
        Post.checkSlug(slug); // null too
        return createPost(authorId, title, body, published, slug, "createPost");
    }

    /** createPost with the slug given, or derived from the title (null). */
    private Post createPost(long authorId, String title, String body, boolean published, String slug, String operation) {
        Post.checkTitle(title);
        Post.checkBody(body);
        // a stateless session: the author's select, the id, the slug's claim, the INSERT, and no persistence context
        return transactions.writeStateless(operation, session -> {
            User author = (User) session.get(User.class, authorId);
            if (author == null) {
                throw new NotFoundException(operation + ": there is no user with id " + authorId);
            }
            Post post = new Post(author, title, body, published, now());
            post.useClock(clock);
            long id = EntityIds.assign(session, post);
            if (slug == null) {
                post.setSlug(PostSlugs.claimDerived(session, PostSlugs.base(title), id));
            } else {
                PostSlugs.claimGiven(session, slug, id, operation);
                post.setSlug(slug);
            }
            StatelessChanges.callbacks(session).preCreate(post);
            // the row with its search analysis, in one INSERT (Post maps no search column: see PostRow)
            session.insert(PostRow.of(post));
            return post;
        });
    }

    @Override
    public Optional<Post> findPost(long id) {
        return transactions.readStateless("findPost", session -> withTags(session
                .createSelectionQuery(postWithAuthorAndTags, Object[].class)
                .setParameter("id", id)
                .getResultList()));
    }

    /** The post of rows (post, tag or null), one per tag, with its tags. */
    private Optional<Post> withTags(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Post post = (Post) rows.get(0)[0];
        List<Tag> tags = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (row[1] != null) {
                tags.add((Tag) row[1]);
            }
        }
        post.useTags(tags);
        return Optional.of(clocked(post));
    }

    /**
     * The post, told BlogKit's clock, by which it tells published from scheduled. Every post the repository hands
     * out passes here (a stateless session fires no load events to do it).
     */
    private Post clocked(Post post) {
        post.useClock(clock);
        return post;
    }

    private <T> List<T> clocked(List<T> results) {
        for (T result : results) {
            if (result instanceof Post post) {
                post.useClock(clock);
            }
        }
        return results;
    }

    @Override
    public Optional<Post> findPostBySlug(String slug) {
        requireArgument("slug", slug);
        if (!Post.isStoredSlugShape(slug)) {
            return Optional.empty(); // no post has or had it: a URL's text, not a value to store
        }
        return transactions.readStateless("findPostBySlug", session -> withTags(session
                .createSelectionQuery(postBySlug, Object[].class)
                .setParameter("slug", slug)
                .getResultList()));
    }

    @Override
    public List<Post> postsByAuthor(long authorId) {
        return transactions.readStateless("postsByAuthor", session -> session
                .createSelectionQuery(postsByAuthor, Post.class)
                .setParameter("authorId", authorId)
                .getResultList())
                .stream().map(this::clocked).toList();
    }

    @Override
    public CursorPage<Post> postsByAuthor(long authorId, String cursor, int limit) {
        return keysetPage("postsByAuthor", Cursors.Listing.AUTHOR_POSTS, cursor, limit, (session, after) -> {
            var query = session.createSelectionQuery(after == null ? authorPostsPage : authorPostsPageAfter, Post.class)
                    .setParameter("authorId", authorId);
            if (after != null) {
                query.setParameter("createdAt", after.at()).setParameter("id", after.id());
            }
            return clocked(query.setMaxResults(limit + 1).getResultList());
        }, post -> new Cursors.Position(post.getCreatedAt(), post.getId()));
    }

    @Override
    public Optional<Post> updatePost(long id, Consumer<Post> change) {
        return updatePost("updatePost", id, null, change);
    }

    @Override
    public Optional<Post> updatePost(long id, long expectedVersion, Consumer<Post> change) {
        return updatePost("updatePost", id, expectedVersion, change);
    }

    private Optional<Post> updatePost(String operation, long id, Long expectedVersion, Consumer<Post> change) {
        requireArgument("change", change);
        // a stateless session: the post and its author are loaded as findPost loads them, and Hibernate's own dirty
        // check (StatelessChanges) writes what the change changed, without a persistence context to fill and flush
        return transactions.writeStateless(operation, session -> {
            if (lockRows || expectedVersion != null) {
                Long current = currentVersion(session, "posts", id, true);
                if (current == null) {
                    return Optional.empty();
                }
                requireVersion(operation, "post", id, expectedVersion, current);
            }
            Optional<Post> post = session.createSelectionQuery(postWithAuthor, Post.class)
                    .setParameter("id", id)
                    .uniqueResultOptional();
            if (post.isPresent()) {
                Post p = clocked(post.get());
                String slugBefore = p.getSlug();
                String titleBefore = p.getTitle();
                String bodyBefore = p.getBody();
                User author = p.getAuthor();
                StatelessChanges changes = new StatelessChanges(session, p).readOnly(author,
                        () -> "updatePost changes the post only, and the change altered its author (user "
                                + author.getId() + "): change a user with updateUser; nothing was written");
                change.accept(p);
                List<Object> changed = changes.changed();
                if (!changed.isEmpty()) {
                    if (!p.getSlug().equals(slugBefore)) {
                        PostSlugs.claimGiven(session, p.getSlug(), id, operation);
                    }
                    changes.update(changed, now());
                    // Post maps no search column: the analysis of what the change wrote, and of nothing else
                    PostSearchWrites.write((SharedSessionContractImplementor) session, id,
                            p.getTitle().equals(titleBefore) ? null : p.getTitle(),
                            p.getBody().equals(bodyBefore) ? null : p.getBody());
                }
            }
            return post;
        });
    }

    @Override
    public boolean editPost(long id, PostEdit edit) {
        return editPost("editPost", id, null, edit);
    }

    @Override
    public boolean editPost(long id, long expectedVersion, PostEdit edit) {
        return editPost("editPost", id, expectedVersion, edit);
    }

    private boolean editPost(String operation, long id, Long expectedVersion, PostEdit edit) {
        requireArgument("edit", edit);
        if (edit.isEmpty()) {
            throw new InvalidInputException("edit", operation + ": the edit sets no field; give a title, a body or "
                    + "published");
        }
        if (edit.title() != null) {
            Post.checkTitle(edit.title());
        }
        if (edit.body() != null) {
            Post.checkBody(edit.body());
        }
        // one statement whichever fields the edit sets, so that its plan and prepared statement are reused; native
        // SQL for the reason deleteUser gives
        return transactions.writeStateless(operation, session -> {
            int changed = session.createNativeMutationQuery(EDIT_POST)
                    .setParameter("title", edit.title(), String.class)
                    .setParameter("body", edit.body(), String.class)
                    .setParameter("searchTitle", edit.title() == null ? null : Post.searchedTitle(edit.title()),
                            String.class)
                    .setParameter("searchBody", edit.body() == null ? null : Post.searchedBody(edit.body()),
                            String.class)
                    .setParameter("publish", edit.published(), Boolean.class)
                    .setParameter("now", now())
                    .setParameter("expected", expectedVersion, Long.class)
                    .setParameter("id", id)
                    .executeUpdate();
            return changed > 0 || unchangedButThere(session, operation, "posts", id, expectedVersion);
        });
    }

    @Override
    public boolean publishPost(long id) {
        return transactions.writeStateless("publishPost", session -> session
                .createNativeMutationQuery(PUBLISH)
                .setParameter("yes", true)
                .setParameter("now", now())
                .setParameter("id", id)
                .executeUpdate() > 0 || unchangedButThere(session, "publishPost", "posts", id, null));
    }

    @Override
    public boolean schedulePost(long id, Instant at) {
        requireArgument("publishedAt", at);
        Post.checkPublishedAt(at);
        Instant stored = at.truncatedTo(ChronoUnit.MILLIS);
        return transactions.writeStateless("schedulePost", session -> session
                .createNativeMutationQuery(SCHEDULE)
                .setParameter("yes", true)
                .setParameter("at", stored)
                .setParameter("now", now())
                .setParameter("id", id)
                .executeUpdate() > 0 || unchangedButThere(session, "schedulePost", "posts", id, null));
    }

    @Override
    public boolean unpublishPost(long id) {
        return transactions.writeStateless("unpublishPost", session -> session
                .createNativeMutationQuery(UNPUBLISH)
                .setParameter("no", false)
                .setParameter("now", now())
                .setParameter("id", id)
                .executeUpdate() > 0 || unchangedButThere(session, "unpublishPost", "posts", id, null));
    }

    /**
     * After an UPDATE that wrote nothing: whether the row is there (at the expected version, when one is given).
     *
     * @throws ConflictException if it is there at another version than the expected one
     */
    private boolean unchangedButThere(SharedSessionContract session, String operation, String table, long id,
            Long expectedVersion) {
        Long current = currentVersion(session, table, id, false);
        if (current == null) {
            return false;
        }
        requireVersion(operation, table.equals("posts") ? "post" : "user", id, expectedVersion, current);
        return true;
    }

    /** The row's version, null if there is no such row; {@code lock}: on PostgreSQL, locked until the commit. */
    private Long currentVersion(SharedSessionContract session, String table, long id, boolean lock) {
        return session.createNativeQuery("SELECT version FROM " + table + " WHERE id = :id"
                        + (lock && lockRows ? " FOR UPDATE" : ""), Long.class)
                .setParameter("id", id)
                .uniqueResult();
    }

    private static void requireVersion(String operation, String what, long id, Long expected, long current) {
        if (expected != null && expected != current) {
            throw new ConflictException(operation + ": " + what + " " + id + " is at version " + current + ", not "
                    + expected + ": it changed since it was read; nothing was written", current);
        }
    }

    @Override
    public boolean deletePost(long id) {
        // native SQL, for the reason deleteUser gives
        return transactions.writeStateless("deletePost", session -> session
                .createNativeMutationQuery("DELETE FROM posts WHERE id = :id")
                .setParameter("id", id)
                .executeUpdate() > 0);
    }

    @Override
    public boolean tagPost(long postId, String... names) {
        Map<String, String> tags = Tagging.namesBySlug("tagPost", names);
        return transactions.writeStateless("tagPost", session -> {
            if (currentVersion(session, "posts", postId, true) == null) {
                return false;
            }
            Instant now = now();
            if (Tagging.tag(session, postId, tags, now) > 0) {
                touchPost(session, postId, now);
            }
            return true;
        });
    }

    @Override
    public boolean untagPost(long postId, String... names) {
        Map<String, String> tags = Tagging.namesBySlug("untagPost", names);
        return transactions.writeStateless("untagPost", session -> {
            if (currentVersion(session, "posts", postId, true) == null) {
                return false;
            }
            if (Tagging.untag(session, postId, tags) > 0) {
                touchPost(session, postId, now());
            }
            return true;
        });
    }

    private static void touchPost(StatelessSession session, long id, Instant now) {
        session.createNativeMutationQuery(TOUCH_POST).setParameter("now", now).setParameter("id", id).executeUpdate();
    }

    @Override
    public boolean deleteTag(String nameOrSlug) {
        String slug = Tag.slugOf(nameOrSlug);
        return transactions.writeStateless("deleteTag", session -> Tagging.delete(session, slug, now()));
    }

    @Override
    public CursorPage<PostView> publishedPostsByTag(String tagSlug, String cursor, int limit) {
        requireArgument("tagSlug", tagSlug);
        boolean mayExist = Tag.isSlugShape(tagSlug);
        return keysetPage("publishedPostsByTag", Cursors.Listing.TAG_POSTS, cursor, limit, (session, after) -> {
            if (!mayExist) {
                return List.of(); // no tag has it: a URL's text, not a value to store
            }
            Instant now = now();
            var query = session.createSelectionQuery(after == null ? viewsByTag : viewsByTagAfter, PostView.class)
                    .setParameter("tagSlug", tagSlug)
                    .setParameter("limit", limit + 1);
            if (after == null) {
                query.setParameter("now", now);
            } else {
                Cursors.Position from = after.noLaterThan(now);
                query.setParameter("publishedAt", from.at()).setParameter("id", from.id());
            }
            return query.getResultList();
        }, views.position());
    }

    @Override
    public List<TagCount> tagCounts() {
        return transactions.readStateless("tagCounts", session -> Tagging.counts(session, now()));
    }

    @Override
    public List<Post> listPublishedPosts(int page, int perPage) {
        long offset = pageOffset(page, perPage);
        return transactions.readStateless("listPublishedPosts",
                session -> clocked(PublishedListing.pageAt(session, posts, now(), offset, perPage)));
    }

    @Override
    public List<PostView> listPublishedPostViews(int page, int perPage) {
        long offset = pageOffset(page, perPage);
        return transactions.readStateless("listPublishedPostViews",
                session -> PublishedListing.pageAt(session, views, now(), offset, perPage));
    }

    /** Where page {@code page} of {@code perPage} starts. */
    private static long pageOffset(int page, int perPage) {
        if (page < 1) {
            throw new InvalidInputException("page", "page counts from 1, was " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new InvalidInputException("perPage", "perPage must be 1 to " + MAX_PER_PAGE + ", was " + perPage);
        }
        return (long) (page - 1) * perPage;
    }

    /**
     * Refuses, before the flush writes anything, a change to any entity of the session but {@code changed}: a call
     * changes only what it says it changes.
     */
    private static void refuseChangesBeyond(Session session, Object changed, String refusal) {
        SessionImplementor implementor = session.unwrap(SessionImplementor.class);
        for (Map.Entry<Object, EntityEntry> entry : implementor.getPersistenceContextInternal().reentrantSafeEntityEntries()) {
            Object entity = entry.getKey();
            EntityEntry state = entry.getValue();
            if (entity == changed || state.getLoadedState() == null) {
                continue;
            }
            if (isDirty(state, entity, implementor)) {
                throw new InvalidInputException("change", refusal);
            }
        }
    }

    @Override
    public List<User> createUsers(List<NewUser> users) {
        requireArgument("users", users);
        return bulk.createUsers(users);
    }

    @Override
    public List<Post> createPosts(List<NewPost> posts) {
        requireArgument("posts", posts);
        return clocked(bulk.createPosts(posts));
    }

    @Override
    public CursorPage<Post> publishedPosts(String cursor, int limit) {
        return publishedCursorPage("publishedPosts", posts, cursor, limit);
    }

    @Override
    public CursorPage<PostView> publishedPostViews(String cursor, int limit) {
        return publishedCursorPage("publishedPostViews", views, cursor, limit);
    }

    /** Both shapes walk the same listing, so that a cursor of one is a cursor of the other. */
    private <T> CursorPage<T> publishedCursorPage(String operation, PublishedListing.Shape<T> shape, String cursor, int limit) {
        return keysetPage(operation, Cursors.Listing.PUBLISHED_POSTS, cursor, limit,
                (session, after) -> clocked(PublishedListing.page(session, shape, now(), after, limit + 1)),
                shape.position());
    }

    /**
     * A keyset page of one listing, in one read: the limit checked, the cursor decoded (refused unless this blog made
     * it for this listing), then {@code rows} reads {@code limit + 1} rows after it (from the start for null).
     */
    private <T> CursorPage<T> keysetPage(String operation, Cursors.Listing listing, String cursor, int limit,
            BiFunction<StatelessSession, Cursors.Position, List<T>> rows, Function<T, Cursors.Position> position) {
        requireLimit(limit);
        Cursors.Position after = cursor == null ? null : cursors.decode(listing, cursor);
        return transactions.readStateless(operation,
                session -> cursorPage(rows.apply(session, after), limit, listing, position));
    }

    /**
     * A keyset page of {@code limit} rows from {@code rows}, read with one row more than the page: that row says
     * whether a next page exists, and the page's last row is where it starts.
     */
    private <T> CursorPage<T> cursorPage(List<T> rows, int limit, Cursors.Listing listing,
            Function<T, Cursors.Position> position) {
        if (rows.size() <= limit) {
            return new CursorPage<>(rows, null);
        }
        return new CursorPage<>(rows.subList(0, limit), cursors.encode(listing, position.apply(rows.get(limit - 1))));
    }

    @Override
    public long forEachPublishedPost(Consumer<? super Post> action) {
        requireArgument("action", action);
        return transactions.read("forEachPublishedPost", session -> {
            Instant now = now();
            long count = 0;
            Cursors.Position after = null;
            while (true) {
                List<Post> batch = PublishedListing.page(session, posts, now, after, STREAM_BATCH);
                for (Post post : batch) {
                    action.accept(clocked(post));
                }
                count += batch.size();
                if (batch.size() < STREAM_BATCH) {
                    return count;
                }
                Post last = batch.get(batch.size() - 1);
                after = new Cursors.Position(last.getPublishedAt(), last.getId());
                // constant memory: forget the batch (and its authors) before the next one
                session.clear();
            }
        });
    }

    @Override
    public long countPublishedPosts() {
        return transactions.readStateless("countPublishedPosts", session -> session
                .createSelectionQuery(countPublished, Long.class)
                .setParameter("now", now())
                .getSingleResult());
    }

    @Override
    public List<UserPostCount> postCountsByUser() {
        return transactions.readStateless("postCountsByUser", session -> session
                .createSelectionQuery(userPostCounts, UserPostCount.class)
                .getResultList());
    }

    @Override
    public CursorPage<UserPostCount> postCountsByUser(String cursor, int limit) {
        return keysetPage("postCountsByUser", Cursors.Listing.POST_COUNTS, cursor, limit, (session, after) -> (after == null
                        ? session.createSelectionQuery(postCountsPage, UserPostCount.class)
                        : session.createSelectionQuery(postCountsPageAfter, UserPostCount.class)
                                .setParameter("count", after.at().toEpochMilli())
                                .setParameter("id", after.id()))
                        .setMaxResults(limit + 1).getResultList(),
                count -> new Cursors.Position(Instant.ofEpochMilli(count.postCount()), count.userId()));
    }

    @Override
    public Page<PostView> publishedPostsPage(int page, int perPage) {
        long offset = pageOffset(page, perPage);
        return transactions.readSnapshot("publishedPostsPage", session -> {
            Instant now = now();
            // a page past the end, however far, is empty; its totals are counted all the same
            List<PostView> items = PublishedListing.pageAt(session, views, now, offset, perPage);
            return Page.of(items, page, perPage, totalOf(items, offset, perPage, () -> session
                    .createSelectionQuery(countPublished, Long.class)
                    .setParameter("now", now)
                    .getSingleResult()));
        });
    }

    @Override
    public Page<SearchHit> searchPosts(String query, int page, int perPage) {
        requireArgument("query", query);
        if (Checks.isBlank(query)) {
            // blank as every field's rule means it: nothing visible once white space and invisible characters go
            throw new InvalidInputException("query", "query is blank: give a word to search for");
        }
        long offset = pageOffset(page, perPage);
        if (!Checks.isStorable(query)) {
            return Page.of(List.of(), page, perPage, 0); // no post holds such text: found nothing, on both databases
        }
        SearchQuery terms = SearchQuery.parse(query);
        if (!terms.findsSomething()) {
            // only separators or only exclusions: no word that a post must hold, so no post is found
            return Page.of(List.of(), page, perPage, 0);
        }
        String engineQuery = search.engineQuery(terms);
        return transactions.readSnapshot("searchPosts", session -> {
            Instant now = now();
            List<SearchHit> hits = search.page(session, terms, engineQuery, now, offset, perPage);
            return Page.of(hits, page, perPage, totalOf(hits, offset, perPage,
                    () -> search.count(session, engineQuery, now)));
        });
    }

    /**
     * The listing's total: known from the page itself when the page is a last one that is not empty (every item
     * before it fills the pages before), counted otherwise, in the page's snapshot.
     */
    private static long totalOf(List<?> items, long offset, int perPage, java.util.function.LongSupplier count) {
        if (!items.isEmpty() && items.size() < perPage) {
            return offset + items.size();
        }
        return count.getAsLong();
    }

    /** Now, at the millisecond precision the database stores, so that a returned entity equals its reloaded self. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Whether the flush would write the entity: Hibernate's own dirty check of its loaded state. */
    private static boolean isDirty(Session session, Object entity) {
        SessionImplementor implementor = session.unwrap(SessionImplementor.class);
        return isDirty(implementor.getPersistenceContextInternal().getEntry(entity), entity, implementor);
    }

    private static boolean isDirty(EntityEntry entry, Object entity, SessionImplementor session) {
        EntityPersister persister = entry.getPersister();
        return persister.findDirty(persister.getValues(entity), entry.getLoadedState(), entity, session) != null;
    }

    private static void requireArgument(String name, Object value) {
        if (value == null) {
            throw new InvalidInputException(name, name + " must not be null");
        }
    }
}
