package dev.blogkit.internal.repository;

import dev.blogkit.BlogRepository;
import dev.blogkit.CursorPage;
import dev.blogkit.InvalidInputException;
import dev.blogkit.NewPost;
import dev.blogkit.NewUser;
import dev.blogkit.NotFoundException;
import dev.blogkit.PostEdit;
import dev.blogkit.PostView;
import dev.blogkit.UserPostCount;
import dev.blogkit.internal.orm.Transactions;
import dev.blogkit.model.Post;
import dev.blogkit.model.Post_;
import dev.blogkit.model.User;
import dev.blogkit.model.User_;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
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



    private static final String EDIT_POST = """
            UPDATE posts
            SET title = coalesce(:title, title),
                body = coalesce(:body, body),
                published = coalesce(:published, published)
            WHERE id = :id
            """;

    /** Posts per round trip when {@link #forEachPublishedPost} walks the whole listing. */
    private static final int STREAM_BATCH = 500;





    private final Transactions transactions;
    private final Clock clock;
    private final Cursors cursors;
    private final BulkWrites bulk;

    /*
     * The queries are the entities' named queries (dev.blogkit.model), which Hibernate's processor checks when
     * BlogKit compiles; they run by their text, read once here, exactly as the repository ran its HQL before they
     * were named: Hibernate keeps one translation per text, and no named query's options are applied per call.
     */
    private final String userByUsername;
    private final String userWithPosts;
    private final String userPostCounts;
    private final String postWithAuthor;
    private final String postsByAuthor;
    private final String countPublished;
    /** Published posts as entities, each with its author. */
    private final PublishedListing.Shape<Post> posts;
    /** Published posts as views: only the columns a PostView holds, and no entity to build. */
    private final PublishedListing.Shape<PostView> views;

    public HibernateBlogRepository(Transactions transactions, SessionFactory sessionFactory, Clock clock,
            Cursors cursors) {
        this.transactions = transactions;
        this.clock = clock;
        this.cursors = cursors;
        this.bulk = new BulkWrites(transactions, this::now);
        NamedObjectRepository named = sessionFactory.unwrap(SessionFactoryImplementor.class).getQueryEngine()
                .getNamedObjectRepository();
        this.userByUsername = hql(named, User_.QUERY_USER_BY_USERNAME);
        this.userWithPosts = hql(named, User_.QUERY_USER_WITH_POSTS);
        this.userPostCounts = hql(named, User_.QUERY_USER_POST_COUNTS);
        this.postWithAuthor = hql(named, Post_.QUERY_POST_WITH_AUTHOR);
        this.postsByAuthor = hql(named, Post_.QUERY_POST_BY_AUTHOR);
        this.countPublished = hql(named, Post_.QUERY_POST_COUNT_PUBLISHED);
        this.posts = new PublishedListing.Shape<>(Post.class, hql(named, Post_.QUERY_POST_PUBLISHED_NEAR_TOP),
                hql(named, Post_.QUERY_POST_PUBLISHED_BY_OFFSET), hql(named, Post_.QUERY_POST_PUBLISHED_AFTER),
                post -> new Cursors.Position(post.getCreatedAt(), post.getId()));
        this.views = new PublishedListing.Shape<>(PostView.class, hql(named, Post_.QUERY_POST_VIEWS_NEAR_TOP),
                hql(named, Post_.QUERY_POST_VIEWS_BY_OFFSET), hql(named, Post_.QUERY_POST_VIEWS_AFTER),
                view -> new Cursors.Position(view.createdAt(), view.id()));
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
        requireArgument("username", username);
        return transactions.readStateless("findUserByUsername", session -> session
                .createSelectionQuery(userByUsername, User.class)
                .setParameter("username", username)
                .uniqueResultOptional());
    }

    @Override
    public Optional<User> findUserWithPosts(long id) {
        return transactions.readStateless("findUserWithPosts", session -> session
                .createSelectionQuery(userWithPosts, User.class)
                .setParameter("id", id)
                .uniqueResultOptional());
    }

    @Override
    public Optional<User> updateUser(long id, Consumer<User> change) {
        requireArgument("change", change);
        return transactions.write("updateUser", session -> {
            User user = session.find(User.class, id);
            if (user == null) {
                return Optional.empty();
            }
            change.accept(user);
            refuseChangesBeyond(session, user, "updateUser changes the user only, and the change altered one of their "
                    + "posts: change a post with updatePost or editPost; nothing was written");
            return Optional.of(user);
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
        // a stateless session: the author's select, the id, the INSERT, and no persistence context to flush
        return transactions.writeStateless("createPost", session -> {
            User author = (User) session.get(User.class, authorId);
            if (author == null) {
                throw new NotFoundException("createPost: there is no user with id " + authorId);
            }
            Post post = new Post(author, title, body, published, now());
            StatelessChanges.callbacks(session).preCreate(post);
            session.insert(post);
            return post;
        });
    }

    @Override
    public Optional<Post> findPost(long id) {
        return transactions.readStateless("findPost", session -> session
                .createSelectionQuery(postWithAuthor, Post.class)
                .setParameter("id", id)
                .uniqueResultOptional());
    }

    @Override
    public List<Post> postsByAuthor(long authorId) {
        return transactions.readStateless("postsByAuthor", session -> session
                .createSelectionQuery(postsByAuthor, Post.class)
                .setParameter("authorId", authorId)
                .getResultList());
    }

    @Override
    public Optional<Post> updatePost(long id, Consumer<Post> change) {
        requireArgument("change", change);
        // a stateless session: the post and its author are loaded as findPost loads them, and Hibernate's own dirty
        // check (StatelessChanges) writes what the change changed, without a persistence context to fill and flush
        return transactions.writeStateless("updatePost", session -> {
            Optional<Post> post = session.createSelectionQuery(postWithAuthor, Post.class)
                    .setParameter("id", id)
                    .uniqueResultOptional();
            if (post.isPresent()) {
                User author = post.get().getAuthor();
                StatelessChanges changes = new StatelessChanges(session, post.get()).readOnly(author,
                        () -> "updatePost changes the post only, and the change altered its author (user "
                                + author.getId() + "): change a user with updateUser; nothing was written");
                change.accept(post.get());
                changes.write();
            }
            return post;
        });
    }

    @Override
    public boolean editPost(long id, PostEdit edit) {
        requireArgument("edit", edit);
        if (edit.isEmpty()) {
            throw new InvalidInputException("edit", "editPost: the edit sets no field; give a title, a body or "
                    + "published");
        }
        if (edit.title() != null) {
            Post.checkTitle(edit.title());
        }
        if (edit.body() != null) {
            Post.checkBody(edit.body());
        }
        // one statement whichever fields the edit sets (a null parameter keeps the column), so that its plan and
        // prepared statement are reused; native SQL for the reason deleteUser gives
        return transactions.writeStateless("editPost", session -> session
                .createNativeMutationQuery(EDIT_POST)
                .setParameter("title", edit.title(), String.class)
                .setParameter("body", edit.body(), String.class)
                .setParameter("published", edit.published(), Boolean.class)
                .setParameter("id", id)
                .executeUpdate() > 0);
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
    public List<Post> listPublishedPosts(int page, int perPage) {
        int offset = pageOffset(page, perPage);
        return transactions.readStateless("listPublishedPosts",
                session -> PublishedListing.pageAt(session, posts, offset, perPage));
    }

    @Override
    public List<PostView> listPublishedPostViews(int page, int perPage) {
        int offset = pageOffset(page, perPage);
        return transactions.readStateless("listPublishedPostViews",
                session -> PublishedListing.pageAt(session, views, offset, perPage));
    }

    /** Where page {@code page} of {@code perPage} starts. */
    private static int pageOffset(int page, int perPage) {
        if (page < 1) {
            throw new InvalidInputException("page", "page counts from 1, was " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new InvalidInputException("perPage", "perPage must be 1 to " + MAX_PER_PAGE + ", was " + perPage);
        }
        long offset = (long) (page - 1) * perPage;
        if (offset > Integer.MAX_VALUE) {
            throw new InvalidInputException("page", "page " + page + " of " + perPage + " posts is beyond any blog");
        }
        return (int) offset;
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
            EntityPersister persister = state.getPersister();
            if (persister.findDirty(persister.getValues(entity), state.getLoadedState(), entity, implementor) != null) {
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
        return bulk.createPosts(posts);
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
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        Cursors.Position after = cursor == null ? null : cursors.decode(Cursors.Listing.PUBLISHED_POSTS, cursor);
        return transactions.readStateless(operation, session -> {
            List<T> page = PublishedListing.page(session, shape, after, limit + 1);
            if (page.size() <= limit) {
                return new CursorPage<>(page, null);
            }
            return new CursorPage<>(page.subList(0, limit), cursors.encode(Cursors.Listing.PUBLISHED_POSTS,
                    shape.position().apply(page.get(limit - 1))));
        });
    }

    @Override
    public long forEachPublishedPost(Consumer<? super Post> action) {
        requireArgument("action", action);
        return transactions.read("forEachPublishedPost", session -> {
            long count = 0;
            Cursors.Position after = null;
            while (true) {
                List<Post> batch = PublishedListing.page(session, posts, after, STREAM_BATCH);
                for (Post post : batch) {
                    action.accept(post);
                }
                count += batch.size();
                if (batch.size() < STREAM_BATCH) {
                    return count;
                }
                Post last = batch.get(batch.size() - 1);
                after = new Cursors.Position(last.getCreatedAt(), last.getId());
                // constant memory: forget the batch (and its authors) before the next one
                session.clear();
            }
        });
    }

    @Override
    public long countPublishedPosts() {
        return transactions.readStateless("countPublishedPosts", session -> session
                .createSelectionQuery(countPublished, Long.class)
                .getSingleResult());
    }

    @Override
    public List<UserPostCount> postCountsByUser() {
        return transactions.readStateless("postCountsByUser", session -> session
                .createSelectionQuery(userPostCounts, UserPostCount.class)
                .getResultList());
    }

    /** Now, at the millisecond precision the database stores, so that a returned entity equals its reloaded self. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireArgument(String name, Object value) {
        if (value == null) {
            throw new InvalidInputException(name, name + " must not be null");
        }
    }
}
