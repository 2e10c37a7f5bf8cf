package dev.blogkit.bench;

import dev.blogkit.bench.Dataset.PostRow;
import dev.blogkit.bench.Dataset.UserRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The workload in plain JDBC, the way a careful hand would write it: one connection with the workload's settings,
 * autocommit off and a commit after every op (reads too, so that each op is one transaction as in BlogKit),
 * statements prepared once and reused, each query the straightforward SQL for what the op asks, materialized into
 * plain records. On SQLite ({@link #sqlite}) or on PostgreSQL ({@link #postgresql}): the same code, each
 * database's own DDL and SQL ({@link Sql}).
 */
final class JdbcWorkload implements Workload {

    /** Rows per executeBatch in the bulk inserts. */
    private static final int BATCH = 1_000;

    private final Sql sql;
    private final Connector connector;
    private Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private JdbcWorkload(Sql sql, Connector connector) {
        this.sql = sql;
        this.connector = connector;
    }

    /** On a new SQLite file, with the workload's settings: foreign keys, WAL, synchronous NORMAL, busy timeout 5 s. */
    static JdbcWorkload sqlite(Path file) {
        return new JdbcWorkload(Sql.SQLITE, () -> {
            Properties settings = new Properties();
            settings.setProperty("foreign_keys", "true");
            settings.setProperty("journal_mode", "WAL");
            settings.setProperty("synchronous", "NORMAL");
            settings.setProperty("busy_timeout", "5000");
            return DriverManager.getConnection("jdbc:sqlite:" + file, settings);
        });
    }

    /**
     * On PostgreSQL, through pgJDBC: {@code url} names the server, the database and an empty schema of this side's
     * own (currentSchema); batched inserts are rewritten into multi-row INSERTs (reWriteBatchedInserts=true).
     */
    static JdbcWorkload postgresql(String url) {
        String rewritten = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        return new JdbcWorkload(Sql.POSTGRESQL, () -> DriverManager.getConnection(rewritten));
    }

    @Override
    public String impl() {
        return "jdbc";
    }

    /** Connects, then runs the DDL in one transaction. */
    @Override
    public void createSchema() throws SQLException {
        connection = connector.connect();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String ddl : sql.schema()) {
                statement.execute(ddl);
            }
        }
        connection.commit();
    }

    @Override
    public void insertUsers(List<UserRow> users) throws SQLException {
        insertInBatches(sql.insertUser(), users, (insert, user) -> {
            insert.setString(1, user.username());
            insert.setString(2, user.email());
            sql.bindInstant(insert, 3, user.createdAt());
        });
    }

    @Override
    public void insertPosts(List<PostRow> posts) throws SQLException {
        insertInBatches(sql.insertPost(), posts, this::bindPost);
    }

    /** One transaction, one prepared INSERT, executed every {@value #BATCH} rows. */
    private <T> void insertInBatches(String insertSql, List<T> rows, Binder<T> binder) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
            int pending = 0;
            for (T row : rows) {
                binder.bind(insert, row);
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        }
        connection.commit();
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    @Override
    public void createPost(PostRow post) throws SQLException {
        PreparedStatement insert = statement(sql.insertPost());
        bindPost(insert, post);
        insert.executeUpdate();
        connection.commit();
    }

    @Override
    public Page page(int page, int perPage) throws SQLException {
        PreparedStatement query = statement(sql.page());
        query.setInt(1, perPage);
        query.setLong(2, (long) (page - 1) * perPage);
        return page(query);
    }

    @Override
    public Object cursorAfter(int position) throws SQLException {
        PreparedStatement query = statement(sql.cursorAt());
        query.setInt(1, position - 1);
        try (ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                throw new BenchmarkFailure("jdbc: fewer than " + position + " published posts");
            }
            long[] cursor = {sql.readMillis(rs, 1), rs.getLong(2)};
            connection.commit();
            return cursor;
        }
    }

    @Override
    public Page pageAfter(Object cursor, int limit) throws SQLException {
        long[] after = (long[]) cursor;
        PreparedStatement query = statement(sql.pageAfter());
        sql.bindInstant(query, 1, Instant.ofEpochMilli(after[0]));
        query.setLong(2, after[1]);
        query.setInt(3, limit);
        return page(query);
    }

    @Override
    public long countPublished() throws SQLException {
        try (ResultSet rs = statement(sql.countPublished()).executeQuery()) {
            rs.next();
            long count = rs.getLong(1);
            connection.commit();
            return count;
        }
    }

    @Override
    public List<UserCount> postsPerUser() throws SQLException {
        List<UserCount> counts = new ArrayList<>();
        try (ResultSet rs = statement(sql.postsPerUser()).executeQuery()) {
            while (rs.next()) {
                counts.add(new UserCount(rs.getString(1), rs.getLong(2)));
            }
        }
        connection.commit();
        return counts;
    }

    @Override
    public UserPosts userWithPosts(long userId) throws SQLException {
        PreparedStatement query = statement(sql.userWithPosts());
        query.setLong(1, userId);
        UserRecord user = null;
        List<PostRecord> posts = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                if (user == null) {
                    user = new UserRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            sql.readMillis(rs, 5));
                }
                long postId = rs.getLong(6);
                if (!rs.wasNull()) {
                    posts.add(new PostRecord(postId, user.id(), user.username(), rs.getString(7), rs.getString(8),
                            rs.getBoolean(9), sql.readMillis(rs, 10)));
                }
            }
        }
        connection.commit();
        if (user == null) {
            return null;
        }
        long idSum = 0;
        int published = 0;
        long textChars = 0;
        for (PostRecord post : posts) {
            idSum += post.id();
            published += post.published() ? 1 : 0;
            textChars += post.title().length() + post.body().length();
        }
        return new UserPosts(user.id(), user.username(), posts.size(), idSum,
                posts.isEmpty() ? 0 : posts.get(0).id(), posts.isEmpty() ? 0 : posts.get(posts.size() - 1).id(),
                published, textChars);
    }

    @Override
    public void updatePost(long postId, String title) throws SQLException {
        PreparedStatement update = statement(sql.updatePost());
        update.setString(1, title);
        update.setLong(2, postId);
        int rows = update.executeUpdate();
        connection.commit();
        if (rows != 1) {
            throw new BenchmarkFailure("jdbc: update of post " + postId + " changed " + rows + " rows");
        }
    }

    @Override
    public boolean deleteUser(long userId) throws SQLException {
        PreparedStatement delete = statement(sql.deleteUser());
        delete.setLong(1, userId);
        int rows = delete.executeUpdate();
        connection.commit();
        return rows > 0;
    }

    @Override
    public Totals totals() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql.totals())) {
            rs.next();
            Totals totals = new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            connection.commit();
            return totals;
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection == null) {
            return;
        }
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        connection.close();
    }

    /** The statement for this SQL, prepared on first use and reused: what a hand-written DAO would keep. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private Page page(PreparedStatement query) throws SQLException {
        List<PostRecord> posts = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                posts.add(new PostRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), sql.readMillis(rs, 7)));
            }
        }
        connection.commit();
        List<PageItem> items = new ArrayList<>(posts.size());
        for (PostRecord post : posts) {
            items.add(new PageItem(post.id(), post.username(), post.createdAtMillis()));
        }
        return new Page(items);
    }

    private void bindPost(PreparedStatement insert, PostRow post) throws SQLException {
        insert.setLong(1, post.authorId());
        insert.setString(2, post.title());
        insert.setString(3, post.body());
        insert.setBoolean(4, post.published());
        sql.bindInstant(insert, 5, post.createdAt());
    }

    /** Opens this side's connection. */
    @FunctionalInterface
    private interface Connector {
        Connection connect() throws SQLException;
    }

    /**
     * Each database's DDL and SQL for the ops, and how it binds and reads created_at: on SQLite as INTEGER epoch
     * milliseconds (BlogKit's form there), on PostgreSQL as {@code timestamptz} through {@link OffsetDateTime}.
     */
    private enum Sql {

        SQLITE(List.of("""
                CREATE TABLE users (
                    id         INTEGER      NOT NULL PRIMARY KEY AUTOINCREMENT,
                    username   VARCHAR(64)  NOT NULL,
                    email      VARCHAR(128) NOT NULL,
                    created_at TIMESTAMP    NOT NULL CHECK (typeof(created_at) = 'integer'),
                    CONSTRAINT uq_users_username UNIQUE (username),
                    CONSTRAINT uq_users_email UNIQUE (email)
                )""", """
                CREATE TABLE posts (
                    id         INTEGER      NOT NULL PRIMARY KEY AUTOINCREMENT,
                    author_id  INTEGER      NOT NULL,
                    title      VARCHAR(256) NOT NULL,
                    body       TEXT         NOT NULL,
                    published  BOOLEAN      NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
                    created_at TIMESTAMP    NOT NULL CHECK (typeof(created_at) = 'integer'),
                    CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
                )""",
                "CREATE INDEX ix_posts_author_id_created_at ON posts (author_id, created_at)",
                "CREATE INDEX ix_posts_published_created_at ON posts (published, created_at)",
                "ALTER TABLE users ADD COLUMN bio TEXT"),
                "1",
                /*
                 * The seek predicate: the posts after (created_at, id), newest first. The cursor's created_at is one
                 * parameter, ?1, used twice: with two separate parameters SQLite (3.54) cannot tell that both hold
                 * the same value, derives no range on created_at from the OR, and scans the index from the newest
                 * post (2 ms a page at offset 39,990 instead of 0.1 ms); with ?1 twice its plan is
                 * SEARCH p USING INDEX ix_posts_published_created_at (published=? AND created_at<?).
                 */
                "(p.created_at < ?1 OR (p.created_at = ?1 AND p.id < ?2))",
                "?3") {
            @Override
            void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
                statement.setLong(index, instant.toEpochMilli());
            }

            @Override
            long readMillis(ResultSet rs, int index) throws SQLException {
                return rs.getLong(index);
            }
        },

        /** V1 and V2 of db/blogkit/migration/postgresql/, as they are. */
        POSTGRESQL(List.of("""
                CREATE TABLE users (
                    id         BIGINT                      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    username   VARCHAR(64)                 NOT NULL,
                    email      VARCHAR(128)                NOT NULL,
                    created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                    CONSTRAINT uq_users_username UNIQUE (username),
                    CONSTRAINT uq_users_email UNIQUE (email)
                )""", """
                CREATE TABLE posts (
                    id         BIGINT                      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                    author_id  BIGINT                      NOT NULL,
                    title      VARCHAR(256)                NOT NULL,
                    body       TEXT                        NOT NULL,
                    published  BOOLEAN                     NOT NULL DEFAULT FALSE,
                    created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                    CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
                )""",
                "CREATE INDEX ix_posts_author_id_created_at ON posts (author_id, created_at)",
                "CREATE INDEX ix_posts_published_created_at ON posts (published, created_at, id)",
                "ALTER TABLE users ADD COLUMN bio TEXT"),
                "TRUE",
                // a row comparison, which PostgreSQL seeks in the (published, created_at, id) index
                "(p.created_at, p.id) < (?, ?)",
                "?") {
            @Override
            void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
                statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            }

            @Override
            long readMillis(ResultSet rs, int index) throws SQLException {
                return rs.getObject(index, OffsetDateTime.class).toInstant().toEpochMilli();
            }
        };

        private static final String POST_COLUMNS = """
                SELECT p.id, p.author_id, u.username, p.title, p.body, p.published, p.created_at
                FROM posts p JOIN users u ON u.id = p.author_id
                """;

        private final List<String> schema;
        private final String page;
        private final String pageAfter;
        private final String cursorAt;
        private final String countPublished;
        private final String updatePost;
        private final String totals;

        /**
         * @param isTrue the literal of a true BOOLEAN
         * @param after  the seek predicate: the posts after the cursor, its created_at then its id as parameters
         * @param limit  the parameter of the page after the cursor's LIMIT
         */
        Sql(List<String> schema, String isTrue, String after, String limit) {
            this.schema = schema;
            this.page = POST_COLUMNS
                    + "WHERE p.published = " + isTrue + "\n"
                    + "ORDER BY p.created_at DESC, p.id DESC\n"
                    + "LIMIT ? OFFSET ?";
            this.pageAfter = POST_COLUMNS
                    + "WHERE p.published = " + isTrue + " AND " + after + "\n"
                    + "ORDER BY p.created_at DESC, p.id DESC\n"
                    + "LIMIT " + limit;
            this.cursorAt = "SELECT created_at, id FROM posts\n"
                    + "WHERE published = " + isTrue + "\n"
                    + "ORDER BY created_at DESC, id DESC\n"
                    + "LIMIT 1 OFFSET ?";
            this.countPublished = "SELECT count(*) FROM posts WHERE published = " + isTrue;
            this.updatePost = "UPDATE posts SET published = " + isTrue + ", title = ? WHERE id = ?";
            this.totals = "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts),\n"
                    + "       (SELECT count(*) FROM posts WHERE published = " + isTrue + ")";
        }

        abstract void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException;

        abstract long readMillis(ResultSet rs, int index) throws SQLException;

        /** The DDL of BlogKit's migrations V1 and V2 for this database. */
        List<String> schema() {
            return schema;
        }

        String insertUser() {
            return "INSERT INTO users (username, email, created_at) VALUES (?, ?, ?)";
        }

        String insertPost() {
            return "INSERT INTO posts (author_id, title, body, published, created_at) VALUES (?, ?, ?, ?, ?)";
        }

        /** Page n of published posts, newest first: the limit, then the offset. */
        String page() {
            return page;
        }

        /** The page after a cursor (created_at, then id), then the limit. */
        String pageAfter() {
            return pageAfter;
        }

        /** The cursor (created_at, id) of the published post at an offset, newest first. */
        String cursorAt() {
            return cursorAt;
        }

        String countPublished() {
            return countPublished;
        }

        String postsPerUser() {
            return """
                    SELECT u.username, count(p.id) AS posts
                    FROM users u LEFT JOIN posts p ON p.author_id = u.id
                    GROUP BY u.id, u.username
                    ORDER BY posts DESC, u.username ASC""";
        }

        String userWithPosts() {
            return """
                    SELECT u.id, u.username, u.email, u.bio, u.created_at,
                           p.id, p.title, p.body, p.published, p.created_at
                    FROM users u LEFT JOIN posts p ON p.author_id = u.id
                    WHERE u.id = ?
                    ORDER BY p.created_at, p.id""";
        }

        String updatePost() {
            return updatePost;
        }

        String deleteUser() {
            return "DELETE FROM users WHERE id = ?";
        }

        /** Untimed: the users, the posts, the published posts. */
        String totals() {
            return totals;
        }
    }

    /** A users row, materialized. */
    private record UserRecord(long id, String username, String email, String bio, long createdAtMillis) {
    }

    /** A posts row with its author's username, materialized. */
    private record PostRecord(long id, long authorId, String username, String title, String body, boolean published,
                              long createdAtMillis) {
    }
}
