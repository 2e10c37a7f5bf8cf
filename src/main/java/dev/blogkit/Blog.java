package dev.blogkit;

import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.jdbc.ConnectionPool;
import dev.blogkit.internal.metrics.CallMetrics;
import dev.blogkit.internal.metrics.Metrics;
import dev.blogkit.internal.orm.HibernateBootstrap;
import dev.blogkit.internal.orm.Transactions;
import dev.blogkit.internal.replicas.ReadRouting;
import dev.blogkit.internal.replicas.WriteTokens;
import dev.blogkit.internal.repository.Cursors;
import dev.blogkit.internal.repository.HibernateBlogRepository;
import dev.blogkit.migration.Migrations;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * An open blog database: the entry point of BlogKit.
 *
 * <pre>{@code
 * try (Blog blog = Blog.open("jdbc:sqlite:blog.db")) {
 *     BlogRepository repo = blog.repository();
 *     User alice = repo.createUser("alice", "alice@example.com");
 *     repo.createPost(alice.getId(), "First post", "Hello world!", true);
 * }
 * }</pre>
 *
 * <p>Opening migrates the database to the newest schema (unless {@link BlogConfig.Builder#migrateOnOpen(boolean)}
 * says not to) and checks that the entity mapping matches it. One Blog serves all threads of an application;
 * close it when the application stops.
 *
 * <p>On PostgreSQL, reads may go to streaming replicas ({@link BlogConfig.Builder#readReplicas(String...)}): a Blog
 * always reads its own writes, and {@link #writeToken()} with {@link #repositoryAfter(String)} carries that to
 * another instance of the application.
 */
public final class Blog implements AutoCloseable {

    private final ConnectionPool database;
    private final SessionFactory sessionFactory;
    private final Transactions transactions;
    private final HibernateBlogRepository repository;
    /** What {@link #repository()} gives: the repository, timed when a meter registry is configured. */
    private final BlogRepository api;
    private final CallMetrics metrics;
    /** The read replicas; null when every call goes to the primary. */
    private final ReadRouting replicas;
    private final WriteTokens tokens;

    private Blog(ConnectionPool database, SessionFactory sessionFactory, Cursors cursors, WriteTokens tokens,
            BlogConfig config, CallMetrics metrics, ReadRouting replicas) {
        this.database = database;
        this.tokens = tokens;
        this.sessionFactory = sessionFactory;
        this.replicas = replicas;
        this.transactions = new Transactions(sessionFactory, config.kind() == DatabaseKind.SQLITE,
                config.busyTimeout().toMillis(), replicas);
        this.repository = new HibernateBlogRepository(transactions, sessionFactory, config.clock(), cursors);
        this.metrics = metrics;
        this.api = metrics.instrument(BlogRepository.class, repository);
    }

    /**
     * Opens the database at this JDBC URL with the default configuration, migrating it to the newest schema.
     *
     * @throws InvalidInputException if the URL is not a supported JDBC URL
     * @throws BlogException if the database cannot be opened, is not an SQLite database (the file is then left
     *     untouched), fails to migrate, or does not match BlogKit's entities
     */
    public static Blog open(String jdbcUrl) {
        return open(BlogConfig.builder(jdbcUrl).build());
    }

    /**
     * Opens the database as configured.
     *
     * @throws InvalidInputException if config is null
     * @throws BlogException if the database cannot be opened, is not an SQLite database (the file is then left
     *     untouched), has pending migrations while migrateOnOpen is false, fails to migrate, or does not match
     *     BlogKit's entities; migration failures are {@link dev.blogkit.migration.MigrationException}s
     */
    public static Blog open(BlogConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "config must not be null");
        }
        // first, so that a file that is not an SQLite database is refused before any connection opens it
        if (config.migrateOnOpen()) {
            // all sets or none: a failed open leaves the database as it was
            Migrations.migrateAll(Migrations.allOf(config), null);
        } else {
            Migrations.allOf(config).forEach(Migrations::requireUpToDate);
        }
        CallMetrics metrics = Metrics.of(config.meterRegistryOrNull());
        ConnectionPool database = ConnectionPool.connect(config, metrics);
        ReadRouting replicas = null;
        try {
            String key = database.cursorKey();
            Cursors cursors = new Cursors(key);
            WriteTokens tokens = new WriteTokens(key);
            // after the migrations, which run on the primary only: each replica must have replayed them
            replicas = config.readReplicas().isEmpty() ? null
                    : ReadRouting.start(config, database.dataSource(), tokens, metrics);
            SessionFactory hibernate = HibernateBootstrap.start(database.dataSource(), database.ownPool(), config.kind(),
                    config.entities(), both(config.sqlObserver(), metrics.statementObserver()));
            return new Blog(database, hibernate, cursors, tokens, config, metrics, replicas);
        } catch (RuntimeException e) {
            if (replicas != null) {
                replicas.close();
            }
            database.close();
            throw DatabaseErrors.translate(e, "cannot open " + config.displayUrl());
        }
    }

    private static Consumer<String> both(Consumer<String> first, Consumer<String> second) {
        return first == null ? second : second == null ? first : first.andThen(second);
    }

    /** The repository of this blog; thread-safe, the same instance on every call. */
    public BlogRepository repository() {
        return api;
    }

    /**
     * Runs {@code work} in one write transaction, for the application's own entities
     * ({@link BlogConfig.Builder#entities}): the session flushes and commits when work returns, and rolls back if
     * it throws. Database failures become BlogKit exceptions, as in the repository; on SQLite, writers take turns
     * as the repository's do. The session is closed afterwards: return detached values, not lazy proxies.
     *
     * <pre>{@code
     * Comment comment = blog.inTransaction(session -> {
     *     Comment c = new Comment(session.getReference(Post.class, postId), "Nice post!");
     *     session.persist(c);
     *     return c;
     * });
     * }</pre>
     *
     * @throws InvalidInputException if work is null
     */
    public <T> T inTransaction(Function<Session, T> work) {
        if (work == null) {
            throw new InvalidInputException("work", "work must not be null");
        }
        return metrics.time("inTransaction", () -> transactions.write("inTransaction", work));
    }

    /**
     * Runs {@code work} in one write transaction that every call of the repository it is given shares: all of them
     * commit together when work returns, or none does if it throws. For changes of several steps that must not be
     * seen half done, such as a sign-up that creates a user and their first post:
     *
     * <pre>{@code
     * Post first = blog.inRepositoryTransaction(repo -> {
     *     User user = repo.createUser("alice", "alice@example.com");
     *     return repo.createPost(user.getId(), "Hello", "My first post", true);
     * });
     * }</pre>
     *
     * <p>Each call inside checks its arguments, translates database errors and returns what it returns alone; its
     * reads see the writes made before it in the same work. A call that throws undoes what it wrote itself (the
     * other calls' writes stay), so work may catch, say, a {@link DuplicateException} and go on; an exception out of
     * work rolls everything back. On SQLite the whole work is one write: it takes the write lock once, and other
     * writers of the Blog wait until it ends, so keep it short and do no slow I/O inside. Calls made meanwhile on
     * this thread through {@link #repository()} or {@link #inTransaction} join the transaction.
     *
     * @return what work returns
     * @throws InvalidInputException if work is null
     * @throws BlogException if this thread is inside an inRepositoryTransaction already (nesting is refused), or
     *     when the repository it passes is used from another thread or after work returned (both refused, nothing
     *     written); and as the calls inside throw
     */
    public <T> T inRepositoryTransaction(Function<BlogRepository, T> work) {
        if (work == null) {
            throw new InvalidInputException("work", "work must not be null");
        }
        return metrics.time("inRepositoryTransaction", () -> repository.inOneTransaction("inRepositoryTransaction",
                shared -> work.apply(metrics.instrument(BlogRepository.class, shared))));
    }

    /** Runs {@code work} in one read-only transaction: nothing is flushed. See {@link #inTransaction}. */
    public <T> T inReadTransaction(Function<Session, T> work) {
        return readTransaction(transactions, work);
    }

    private <T> T readTransaction(Transactions in, Function<Session, T> work) {
        if (work == null) {
            throw new InvalidInputException("work", "work must not be null");
        }
        return metrics.time("inReadTransaction", () -> in.read("inReadTransaction", work));
    }

    /**
     * A token of every write this Blog has acknowledged so far, for a read elsewhere that must see them: another
     * instance of the application, which serves the user's next request, reads through
     * {@link #repositoryAfter(String)} with it. Opaque: keep it as it is, in the user's session or a cookie; it
     * holds no data, only a position in the primary's write-ahead log, signed with the database's own key, so that
     * every instance on this database accepts it and no other text passes for one. The empty string when the Blog
     * has no read replicas (or has written nothing): every read of such a Blog sees what was committed before it.
     */
    public String writeToken() {
        return replicas == null ? WriteTokens.NO_WRITE_TOKEN : replicas.writeToken();
    }

    /**
     * The repository, whose reads also see every write that {@code writeToken} stands for (see
     * {@link #writeToken()}), as well as this Blog's own: they wait for a replica to replay those writes, at most
     * {@link BlogConfig.Builder#readYourWritesTimeout}, then read from the primary. Writes are as through
     * {@link #repository()}. Cheap: make one per request.
     *
     * @throws InvalidInputException (field {@code writeToken}) if the token is null, not one of this database's
     *     {@link #writeToken()} tokens (altered, forged, of another database), or names a position the primary has
     *     not reached
     */
    public BlogRepository repositoryAfter(String writeToken) {
        long position = positionOf(writeToken);
        return metrics.instrument(BlogRepository.class, repository.seeing(position));
    }

    /**
     * {@link #inReadTransaction}, seeing every write that {@code writeToken} stands for (see
     * {@link #repositoryAfter(String)}).
     *
     * @throws InvalidInputException if the token is refused as by {@link #repositoryAfter(String)}, or work is null
     */
    public <T> T inReadTransactionAfter(String writeToken, Function<Session, T> work) {
        return readTransaction(transactions.seeing(positionOf(writeToken)), work);
    }

    /** The position a write token stands for: see {@link #repositoryAfter}. */
    private long positionOf(String writeToken) {
        return replicas == null ? tokens.position(writeToken) : replicas.positionOf(writeToken);
    }

    /**
     * The read replicas that reads use now, by {@link BlogConfig.ReadReplica#displayName() display name}, in the order
     * configured: those that answered the last check, in recovery, at the primary's schema and within
     * {@link BlogConfig.Builder#maxReplicaLag}; for a health check. Empty without replicas, or when every read goes
     * to the primary.
     */
    public java.util.List<String> readReplicasInUse() {
        return replicas == null ? java.util.List.of() : replicas.replicasInUse();
    }

    /** The pool, for BlogKit's own tests of connection settings. */
    javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    /** Closes the connections. Idempotent; the repository refuses calls afterwards. */
    @Override
    public void close() {
        transactions.close();
        try {
            sessionFactory.close();
        } finally {
            try {
                if (replicas != null) {
                    replicas.close();
                }
            } finally {
                database.close();
            }
        }
    }
}
