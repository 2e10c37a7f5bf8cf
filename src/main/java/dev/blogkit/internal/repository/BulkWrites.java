package dev.blogkit.internal.repository;

import dev.blogkit.DuplicateException;
import dev.blogkit.InvalidInputException;
import dev.blogkit.NewPost;
import dev.blogkit.NewUser;
import dev.blogkit.NotFoundException;
import dev.blogkit.internal.orm.Transactions;
import dev.blogkit.internal.text.Identity;
import dev.blogkit.model.Post;
import dev.blogkit.model.PostRow;
import dev.blogkit.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.jpa.event.spi.CallbackRegistry;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The bulk calls, createUsers and createPosts: a stateless session, every row checked before any SQL runs (a row
 * that breaks a rule or names a taken value is refused with its index), then the INSERTs in JDBC batches.
 */
final class BulkWrites {

    /** Rows per JDBC batch in bulk inserts. */
    private static final int BULK_BATCH = 1000;
    /** Values per IN (...) list in bulk calls, well below SQLite's limit of bound parameters. */
    private static final int IN_CHUNK = 1000;

    private final Transactions transactions;
    private final Supplier<Instant> now;

    BulkWrites(Transactions transactions, Supplier<Instant> now) {
        this.transactions = transactions;
        this.now = now;
    }

    /** createUsers: every row checked before any SQL runs, then one INSERT batch. */
    List<User> createUsers(List<NewUser> users) {
        return transactions.writeStateless("createUsers", session -> {
            BulkInsert bulk = new BulkInsert(session, User.class);
            List<User> created = new ArrayList<>(users.size());
            // every row is checked before any SQL runs: a value the driver cannot send must be refused as invalid
            for (int i = 0; i < users.size(); i++) {
                NewUser row = requireRow("users", users, i);
                User user = new User(row.username(), row.email(), now.get());
                atRow(i, () -> bulk.check(user));
                created.add(user);
            }
            refuseTakenValues(session, users, "username", NewUser::username);
            refuseTakenValues(session, users, "email", NewUser::email);
            created.forEach(bulk::assignId);
            bulk.insert(created);
            return created;
        });
    }

    /** createPosts: every row checked and every author found before any SQL runs, then one INSERT batch. */
    List<Post> createPosts(List<NewPost> posts) {
        return transactions.writeStateless("createPosts", session -> {
            BulkInsert bulk = new BulkInsert(session, Post.class);
            Map<Long, User> authors = new HashMap<>();
            // every row is checked before any SQL runs (the entity's own rules run again as each post is prepared)
            for (int i = 0; i < posts.size(); i++) {
                NewPost row = requireRow("posts", posts, i);
                atRow(i, () -> {
                    Post.checkTitle(row.title());
                    Post.checkBody(row.body());
                    if (row.slug() != null) {
                        Post.checkSlug(row.slug());
                    }
                });
                authors.put(row.authorId(), null);
            }
            for (List<Long> chunk : chunks(new ArrayList<>(authors.keySet()))) {
                // native SQL, for the reason refuseTakenValues gives: the HQL of 1,000 ids was translated anew on
                // every call (measured: the first createPosts of 100,000 posts in a JVM took 0.3 s longer)
                session.createNativeQuery("SELECT * FROM users WHERE id IN (:ids)", User.class)
                        .setParameterList("ids", chunk)
                        .getResultList()
                        .forEach(author -> authors.put(author.getId(), author));
            }
            List<Post> created = new ArrayList<>(posts.size());
            String[] given = new String[posts.size()];
            String[] bases = new String[posts.size()];
            long[] ids = new long[posts.size()];
            Map<String, String> baseOfTitle = new HashMap<>();
            for (int i = 0; i < posts.size(); i++) {
                NewPost row = posts.get(i);
                User author = authors.get(row.authorId());
                if (author == null) {
                    throw new NotFoundException("createPosts: row " + i + ": there is no user with id " + row.authorId());
                }
                Post post = new Post(author, row.title(), row.body(), row.published(), now.get());
                given[i] = row.slug();
                if (given[i] == null) {
                    bases[i] = baseOfTitle.computeIfAbsent(row.title(), PostSlugs::base);
                }
                bulk.assignId(post);
                ids[i] = post.getId();
                created.add(post);
            }
            // the slugs are claimed before the posts are written (post_slugs' foreign key is checked at commit)
            String[] slugs = PostSlugs.claimForRows(session, given, bases, ids, "createPosts");
            for (int i = 0; i < created.size(); i++) {
                Post post = created.get(i);
                post.setSlug(slugs[i]);
                atRow(i, () -> bulk.check(post));
            }
            // each row with its search analysis, in the INSERT batches (Post maps no search column: see PostRow)
            bulk.insert(created.stream().map(PostRow::of).toList());
            return created;
        });
    }

    /**
     * Bulk inserts use a stateless session: nothing to register in a persistence context or to flush, the rows go
     * straight to JDBC batches. A stateless session runs no JPA callbacks, so {@link #prepare} runs the entity's
     * {@code @PrePersist} rules, through the same registry a persist uses, and gives it its id; the INSERTs follow
     * once every row has its id, so that no id query (PostgreSQL: one per block of the sequence) cuts a batch.
     */
    private static final class BulkInsert {

        private final StatelessSession session;
        private final SharedSessionContractImplementor implementor;
        private final CallbackRegistry callbacks;
        private final EntityPersister persister;

        BulkInsert(StatelessSession session, Class<?> entity) {
            this.session = session;
            this.implementor = (SharedSessionContractImplementor) session;
            SessionFactoryImplementor factory = implementor.getFactory();
            this.callbacks = StatelessChanges.callbacks(session);
            this.persister = factory.getMappingMetamodel().getEntityDescriptor(entity);
            // a stateless session batches only when told to (it ignores hibernate.jdbc.batch_size)
            session.setJdbcBatchSize(BULK_BATCH);
        }

        /** Checks the rules and assigns the id (model.AllocatedIdGenerator, which accepts an assigned id). */
        void prepare(Object entity) {
            check(entity);
            assignId(entity);
        }

        /** Runs the entity's {@code @PrePersist} rules. */
        void check(Object entity) {
            callbacks.preCreate(entity);
        }

        void assignId(Object entity) {
            EntityIds.assign(implementor, persister, entity);
        }

        void insert(List<?> entities) {
            for (Object entity : entities) {
                session.insert(entity);
            }
        }
    }

    /**
     * A bulk insert is rejected at its first row whose value is taken, by a stored user or by an earlier row of
     * the same call, with that row's index; the unique constraint alone could not say which row it was.
     */
    private static void refuseTakenValues(StatelessSession session, List<NewUser> users, String field,
            Function<NewUser, String> value) {
        // by stored lookup key (Identity.storedKey): "Alice" is taken by "alice"
        Map<String, Integer> firstRow = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            String v = value.apply(requireRow("users", users, i));
            if (v != null) {
                Integer earlier = firstRow.putIfAbsent(Identity.storedKey(v), i);
                if (earlier != null) {
                    throw new DuplicateException(field, "createUsers: row " + i + ": " + field + " '" + v
                            + "' is also given in row " + earlier
                            + (v.equals(value.apply(users.get(earlier))) ? "" : " (compared without regard to case)"),
                            null);
                }
            }
        }
        for (List<String> chunk : chunks(new ArrayList<>(firstRow.keySet()))) {
            // native SQL (the field is the column's name): Hibernate translates a query with a list parameter anew
            // for every call, and an HQL translation of 1,000 parameters cost more than the inserts themselves
            List<String> taken = session.createNativeQuery(
                            "SELECT " + field + "_key FROM users WHERE " + field + "_key IN (:values)", String.class)
                    .setParameterList("values", chunk)
                    .getResultList();
            if (!taken.isEmpty()) {
                int row = taken.stream().mapToInt(firstRow::get).min().orElseThrow();
                throw new DuplicateException(field, "createUsers: row " + row + ": " + field + " '"
                        + value.apply(users.get(row)) + "' is already taken by another user", null);
            }
        }
    }

    /** Lists short enough for one IN (...) clause. */
    private static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int start = 0; start < values.size(); start += IN_CHUNK) {
            chunks.add(values.subList(start, Math.min(values.size(), start + IN_CHUNK)));
        }
        return chunks;
    }

    /** Runs one row of a bulk call, naming the row in the rule it breaks. */
    private static void atRow(int index, Runnable persist) {
        try {
            persist.run();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field(), "row " + index + ": " + e.getMessage());
        }
    }

    private static <T> T requireRow(String name, List<T> rows, int index) {
        T row = rows.get(index);
        if (row == null) {
            throw new InvalidInputException(name, "row " + index + " of " + name + " is null");
        }
        return row;
    }
}
