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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The workload in plain JDBC, the way a careful hand would write it: one connection with the workload's settings,
 * autocommit off and a commit after every op (reads too, so that each op is one transaction as in BlogKit),
 * statements prepared once and reused, each query the straightforward SQL for what the op asks, materialized into
 * plain records.
 */
final class JdbcWorkload implements Workload {

    /** V1__create_users_and_posts.sql and V2__add_user_bio.sql of BlogKit's migrations, as they are. */
    private static final List<String> SCHEMA = List.of("""
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
            "ALTER TABLE users ADD COLUMN bio TEXT");

    private static final String INSERT_USER = "INSERT INTO users (username, email, created_at) VALUES (?, ?, ?)";

    private static final String INSERT_POST = """
            INSERT INTO posts (author_id, title, body, published, created_at) VALUES (?, ?, ?, ?, ?)""";

    private static final String POST_COLUMNS = """
            SELECT p.id, p.author_id, u.username, p.title, p.body, p.published, p.created_at
            FROM posts p JOIN users u ON u.id = p.author_id
            """;

    private static final String PAGE = POST_COLUMNS + """
            WHERE p.published = 1
            ORDER BY p.created_at DESC, p.id DESC
            LIMIT ? OFFSET ?""";

    /**
     * The seek predicate of the workload: the posts after (created_at, id), newest first. The cursor's created_at
     * is one parameter, ?1, used twice: with two separate parameters SQLite (3.54) cannot tell that both hold the
     * same value, derives no range on created_at from the OR, and scans the index from the newest post (2 ms a
     * page at offset 39,990 instead of 0.1 ms); with ?1 twice its plan is
     * {@code SEARCH p USING INDEX ix_posts_published_created_at (published=? AND created_at<?)}.
     */
    private static final String PAGE_AFTER = POST_COLUMNS + """
            WHERE p.published = 1 AND (p.created_at < ?1 OR (p.created_at = ?1 AND p.id < ?2))
            ORDER BY p.created_at DESC, p.id DESC
            LIMIT ?3""";

    private static final String CURSOR_AT = """
            SELECT created_at, id FROM posts
            WHERE published = 1
            ORDER BY created_at DESC, id DESC
            LIMIT 1 OFFSET ?""";

    private static final String COUNT_PUBLISHED = "SELECT count(*) FROM posts WHERE published = 1";

    private static final String POSTS_PER_USER = """
            SELECT u.username, count(p.id) AS posts
            FROM users u LEFT JOIN posts p ON p.author_id = u.id
            GROUP BY u.id, u.username
            ORDER BY posts DESC, u.username ASC""";

    private static final String USER_WITH_POSTS = """
            SELECT u.id, u.username, u.email, u.bio, u.created_at,
                   p.id, p.title, p.body, p.published, p.created_at
            FROM users u LEFT JOIN posts p ON p.author_id = u.id
            WHERE u.id = ?
            ORDER BY p.created_at, p.id""";

    private static final String UPDATE_POST = "UPDATE posts SET published = 1, title = ? WHERE id = ?";

    private static final String DELETE_USER = "DELETE FROM users WHERE id = ?";

    /** Rows per executeBatch in the bulk inserts. */
    private static final int BATCH = 1_000;

    private final Path file;
    private Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    JdbcWorkload(Path file) {
        this.file = file;
    }

    @Override
    public String impl() {
        return "jdbc";
    }

    /** Connects with the workload's settings, then runs the DDL in one transaction. */
    @Override
    public void createSchema() throws SQLException {
        Properties settings = new Properties();
        settings.setProperty("foreign_keys", "true");
        settings.setProperty("journal_mode", "WAL");
        settings.setProperty("synchronous", "NORMAL");
        settings.setProperty("busy_timeout", "5000");
        connection = DriverManager.getConnection("jdbc:sqlite:" + file, settings);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        }
        connection.commit();
    }

    @Override
    public void insertUsers(List<UserRow> users) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_USER)) {
            int pending = 0;
            for (UserRow user : users) {
                insert.setString(1, user.username());
                insert.setString(2, user.email());
                insert.setLong(3, user.createdAt().toEpochMilli());
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

    @Override
    public void insertPosts(List<PostRow> posts) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_POST)) {
            int pending = 0;
            for (PostRow post : posts) {
                bindPost(insert, post);
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

    @Override
    public void createPost(PostRow post) throws SQLException {
        PreparedStatement insert = statement(INSERT_POST);
        bindPost(insert, post);
        insert.executeUpdate();
        connection.commit();
    }

    @Override
    public Page page(int page, int perPage) throws SQLException {
        PreparedStatement query = statement(PAGE);
        query.setInt(1, perPage);
        query.setLong(2, (long) (page - 1) * perPage);
        return page(query);
    }

    @Override
    public Object cursorAfter(int position) throws SQLException {
        PreparedStatement query = statement(CURSOR_AT);
        query.setInt(1, position - 1);
        try (ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                throw new BenchmarkFailure("jdbc: fewer than " + position + " published posts");
            }
            long[] cursor = {rs.getLong(1), rs.getLong(2)};
            connection.commit();
            return cursor;
        }
    }

    @Override
    public Page pageAfter(Object cursor, int limit) throws SQLException {
        long[] after = (long[]) cursor;
        PreparedStatement query = statement(PAGE_AFTER);
        query.setLong(1, after[0]);
        query.setLong(2, after[1]);
        query.setInt(3, limit);
        return page(query);
    }

    @Override
    public long countPublished() throws SQLException {
        try (ResultSet rs = statement(COUNT_PUBLISHED).executeQuery()) {
            rs.next();
            long count = rs.getLong(1);
            connection.commit();
            return count;
        }
    }

    @Override
    public List<UserCount> postsPerUser() throws SQLException {
        List<UserCount> counts = new ArrayList<>();
        try (ResultSet rs = statement(POSTS_PER_USER).executeQuery()) {
            while (rs.next()) {
                counts.add(new UserCount(rs.getString(1), rs.getLong(2)));
            }
        }
        connection.commit();
        return counts;
    }

    @Override
    public UserPosts userWithPosts(long userId) throws SQLException {
        PreparedStatement query = statement(USER_WITH_POSTS);
        query.setLong(1, userId);
        UserRecord user = null;
        List<PostRecord> posts = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                if (user == null) {
                    user = new UserRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5));
                }
                long postId = rs.getLong(6);
                if (!rs.wasNull()) {
                    posts.add(new PostRecord(postId, user.id(), user.username(), rs.getString(7), rs.getString(8),
                            rs.getBoolean(9), rs.getLong(10)));
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
        PreparedStatement update = statement(UPDATE_POST);
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
        PreparedStatement delete = statement(DELETE_USER);
        delete.setLong(1, userId);
        int rows = delete.executeUpdate();
        connection.commit();
        return rows > 0;
    }

    @Override
    public Totals totals() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts),
                            (SELECT count(*) FROM posts WHERE published = 1)""")) {
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
                        rs.getString(5), rs.getBoolean(6), rs.getLong(7)));
            }
        }
        connection.commit();
        List<PageItem> items = new ArrayList<>(posts.size());
        for (PostRecord post : posts) {
            items.add(new PageItem(post.id(), post.username(), post.createdAtMillis()));
        }
        return new Page(items);
    }

    private static void bindPost(PreparedStatement insert, PostRow post) throws SQLException {
        insert.setLong(1, post.authorId());
        insert.setString(2, post.title());
        insert.setString(3, post.body());
        insert.setBoolean(4, post.published());
        insert.setLong(5, post.createdAt().toEpochMilli());
    }

    /** A users row, materialized. */
    private record UserRecord(long id, String username, String email, String bio, long createdAtMillis) {
    }

    /** A posts row with its author's username, materialized. */
    private record PostRecord(long id, long authorId, String username, String title, String body, boolean published,
                              long createdAtMillis) {
    }
}
