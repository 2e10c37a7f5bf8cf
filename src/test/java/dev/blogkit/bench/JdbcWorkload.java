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
    /** The listings' now: after every post of the data (2024), as BlogKit's clock is. */
    private final Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

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
    public void createSchema() throws SQLException, java.io.IOException {
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
            sql.bindInstant(insert, 4, user.createdAt());
            // the lookup keys of case-insensitive usernames and emails, as BlogKit computes them
            insert.setString(5, dev.blogkit.internal.text.Identity.storedKey(user.username()));
            insert.setString(6, dev.blogkit.internal.text.Identity.storedKey(user.email()));
        });
        connection.commit();
    }

    /** The posts, then their slugs, in one transaction (the dataset's titles give distinct slugs). */
    @Override
    public void insertPosts(List<PostRow> posts) throws SQLException {
        insertInBatches(sql.insertPost(), posts, this::bindPost);
        insertInBatches(sql.insertSlug(), posts, this::bindSlug);
        connection.commit();
    }

    /** One prepared INSERT, executed every {@value #BATCH} rows; the caller commits. */
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
    }

    @Override
    public void tagPosts(List<Long> postIds, String tag) throws SQLException {
        PreparedStatement insertTag = statement(sql.insertTag());
        insertTag.setString(1, tag);
        insertTag.setString(2, tag);
        sql.bindInstant(insertTag, 3, now);
        insertTag.executeUpdate();
        insertInBatches(sql.tagPost(), postIds, (insert, id) -> {
            insert.setLong(1, id);
            insert.setString(2, tag);
        });
        connection.commit();
    }

    @Override
    public Page pageByTag(String tag, int limit) throws SQLException {
        PreparedStatement query = statement(sql.pageByTag());
        sql.bindInstant(query, 1, now);
        query.setString(2, tag);
        query.setInt(3, limit);
        return page(query);
    }

    /** The page of hits, then, when the page is full, the count, in one transaction (PostgreSQL: REPEATABLE READ). */
    @Override
    public Hits search(SearchCase search, int perPage) throws SQLException {
        String engineQuery = sql == Sql.SQLITE ? search.fts5() : search.tsquery();
        sql.snapshot(connection);
        PreparedStatement query = statement(sql.searchPage());
        int index = 1;
        if (sql == Sql.SQLITE) {
            // a title match first, as BlogKit ranks: the same query on the title alone
            query.setString(index++, "search_title : (" + engineQuery + ")");
        }
        query.setString(index++, engineQuery);
        sql.bindInstant(query, index++, now);
        query.setInt(index, perPage);
        List<PostRecord> hits = new ArrayList<>(perPage);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                PostRecord hit = postRecord(rs);
                hits.add(hit);
                rs.getDouble(10); // the rank
                // the snippet, made from the post's text as BlogKit makes it
                dev.blogkit.internal.text.Snippets.of(hit.title(), hit.body(),
                        dev.blogkit.model.Post.SEARCHED_BODY_LENGTH, search.marks());
            }
        }
        long total = hits.size();
        if (hits.size() == perPage) {
            PreparedStatement count = statement(sql.searchCount());
            count.setString(1, engineQuery);
            sql.bindInstant(count, 2, now);
            total = single(count);
        }
        connection.commit();
        return new Hits(items(hits), total);
    }

    @Override
    public Hits pageWithTotal(int page, int perPage) throws SQLException {
        sql.snapshot(connection);
        PreparedStatement query = statement(sql.page());
        sql.bindInstant(query, 1, now);
        query.setInt(2, perPage);
        long offset = (long) (page - 1) * perPage;
        query.setLong(3, offset);
        List<PostRecord> posts = new ArrayList<>(perPage);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                posts.add(postRecord(rs));
            }
        }
        long total = offset + posts.size();
        if (posts.isEmpty() || posts.size() == perPage) {
            PreparedStatement count = statement(sql.countPublished());
            sql.bindInstant(count, 1, now);
            total = single(count);
        }
        connection.commit();
        return new Hits(items(posts), total);
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Page items(List<PostRecord> posts) {
        List<PageItem> items = new ArrayList<>(posts.size());
        for (PostRecord post : posts) {
            items.add(new PageItem(post.id(), post.username(), post.createdAtMillis()));
        }
        return new Page(items);
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    @Override
    public void createPost(PostRow post) throws SQLException {
        PreparedStatement claim = statement(sql.insertSlug());
        PreparedStatement insert = statement(sql.insertPost());
        bindPost(insert, post);
        insert.executeUpdate();
        bindSlug(claim, post);
        claim.executeUpdate();
        connection.commit();
    }

    /**
     * The title's slug if no post has or had it, else the next suffixes: the work BlogKit's slugs do, by hand with
     * the same table (post_slug_suffixes), for rows this side knows hold no given slug.
     */
    @Override
    public void insertSameTitle(List<PostRow> posts) throws SQLException {
        String base = slugBase(posts.get(0).title());
        long maxId = queryLong("SELECT coalesce(max(id), 0) FROM posts");
        boolean baseFree = !slugTaken(base);
        int suffixed = posts.size() - (baseFree ? 1 : 0);
        long suffix = reserveSuffixes(base, suffixed) - suffixed;
        try (PreparedStatement insert = connection.prepareStatement(sql.insertPost())) {
            int pending = 0;
            for (int i = 0; i < posts.size(); i++) {
                bindPost(insert, posts.get(i));
                insert.setString(6, i == 0 && baseFree ? base : base + "-" + (++suffix));
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        }
        PreparedStatement claims = statement("INSERT INTO post_slugs (slug, post_id) SELECT slug, id FROM posts WHERE id > ?");
        claims.setLong(1, maxId);
        claims.executeUpdate();
        connection.commit();
    }

    @Override
    public void createSameTitle(PostRow post) throws SQLException {
        String base = slugBase(post.title());
        String slug = slugTaken(base) ? base + "-" + reserveSuffixes(base, 1) : base;
        PreparedStatement insert = statement(sql.insertPost() + " RETURNING id");
        bindPost(insert, post);
        insert.setString(6, slug);
        long id;
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        PreparedStatement claim = statement(sql.insertSlug());
        claim.setString(1, slug);
        claim.setLong(2, id);
        claim.executeUpdate();
        connection.commit();
    }

    private static String slugBase(String title) {
        return dev.blogkit.model.Slugs.fromText(title, 189);
    }

    private boolean slugTaken(String slug) throws SQLException {
        PreparedStatement query = statement("SELECT count(*) FROM post_slugs WHERE slug = ?");
        query.setString(1, slug);
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Raises the base's last suffix by {@code count} (from the highest stored one, the first time) and returns it. */
    private long reserveSuffixes(String base, long count) throws SQLException {
        PreparedStatement reserve = statement("INSERT INTO post_slug_suffixes (base, last_suffix) VALUES (?, 0) "
                + "ON CONFLICT (base) DO UPDATE SET last_suffix = post_slug_suffixes.last_suffix + ? RETURNING last_suffix");
        reserve.setString(1, base);
        reserve.setLong(2, count);
        long last;
        try (ResultSet rs = reserve.executeQuery()) {
            rs.next();
            last = rs.getLong(1);
        }
        if (last == 0) {
            PreparedStatement stored = statement("SELECT slug FROM post_slugs WHERE slug >= ? AND slug < ?");
            stored.setString(1, base + "-");
            stored.setString(2, base + ".");
            long highest = 1;
            try (ResultSet rs = stored.executeQuery()) {
                while (rs.next()) {
                    String tail = rs.getString(1).substring(base.length() + 1);
                    if (tail.matches("[1-9][0-9]{0,17}")) {
                        highest = Math.max(highest, Long.parseLong(tail));
                    }
                }
            }
            last = highest + count;
            PreparedStatement set = statement("UPDATE post_slug_suffixes SET last_suffix = ? WHERE base = ?");
            set.setLong(1, last);
            set.setString(2, base);
            set.executeUpdate();
        }
        return last;
    }

    private long queryLong(String query) throws SQLException {
        try (ResultSet rs = statement(query).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public long[] sameTitleCounts(String title) throws SQLException {
        PreparedStatement query = statement("SELECT count(*), count(DISTINCT slug) FROM posts WHERE title = ?");
        query.setString(1, title);
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            long[] counts = {rs.getLong(1), rs.getLong(2)};
            connection.commit();
            return counts;
        }
    }

    @Override
    public Page page(int page, int perPage) throws SQLException {
        PreparedStatement query = statement(sql.page());
        sql.bindInstant(query, 1, now);
        query.setInt(2, perPage);
        query.setLong(3, (long) (page - 1) * perPage);
        return page(query);
    }

    @Override
    public Object cursorAfter(int position) throws SQLException {
        PreparedStatement query = statement(sql.cursorAt());
        sql.bindInstant(query, 1, now);
        query.setInt(2, position - 1);
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
        sql.bindInstant(query, 1, now);
        sql.bindInstant(query, 2, Instant.ofEpochMilli(after[0]));
        query.setLong(3, after[1]);
        query.setInt(4, limit);
        return page(query);
    }

    @Override
    public long countPublished() throws SQLException {
        PreparedStatement query = statement(sql.countPublished());
        sql.bindInstant(query, 1, now);
        try (ResultSet rs = query.executeQuery()) {
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
                            sql.readMillis(rs, 5), sql.readMillis(rs, 6), rs.getLong(7));
                }
                long postId = rs.getLong(8);
                if (!rs.wasNull()) {
                    posts.add(new PostRecord(postId, user.id(), user.username(), rs.getString(9), rs.getString(10),
                            rs.getBoolean(11), sql.readMillis(rs, 12), rs.getString(13), sql.readOptionalMillis(rs, 14),
                            sql.readMillis(rs, 15), rs.getLong(16)));
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
        sql.bindInstant(update, 1, now);
        sql.bindInstant(update, 2, now);
        update.setString(3, title);
        update.setString(4, dev.blogkit.model.Post.searchedTitle(title));
        sql.bindInstant(update, 5, now);
        update.setLong(6, postId);
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
        try (PreparedStatement statement = connection.prepareStatement(sql.totals())) {
            sql.bindInstant(statement, 1, now);
            ResultSet rs = statement.executeQuery();
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
                posts.add(postRecord(rs));
            }
        }
        connection.commit();
        return items(posts);
    }

    /** A row of the post columns (POST_COLUMNS' order), materialized (a page reads no update time or version: 0). */
    private PostRecord postRecord(ResultSet rs) throws SQLException {
        return new PostRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), sql.readMillis(rs, 7), rs.getString(8), sql.readOptionalMillis(rs, 9), 0, 0);
    }

    private void bindPost(PreparedStatement insert, PostRow post) throws SQLException {
        insert.setLong(1, post.authorId());
        insert.setString(2, post.title());
        insert.setString(3, post.body());
        insert.setBoolean(4, post.published());
        sql.bindInstant(insert, 5, post.createdAt());
        insert.setString(6, slug(post));
        if (post.published()) {
            sql.bindInstant(insert, 7, post.createdAt());
        } else {
            insert.setNull(7, sql == Sql.SQLITE ? java.sql.Types.BIGINT : java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        }
        sql.bindInstant(insert, 8, post.createdAt());
        // the text as search's index holds it: the analysis any application on this schema must make
        insert.setString(9, dev.blogkit.model.Post.searchedTitle(post.title()));
        insert.setString(10, dev.blogkit.model.Post.searchedBody(post.body()));
    }

    private void bindSlug(PreparedStatement insert, PostRow post) throws SQLException {
        insert.setString(1, slug(post));
        insert.setLong(2, Dataset.postId(post.index()));
    }

    /** The slug BlogKit derives from the title (the dataset's titles are distinct, and so are their slugs). */
    private static String slug(PostRow post) {
        return dev.blogkit.model.Slugs.fromText(post.title(), 189);
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

        SQLITE("sqlite",
                "1",
                /*
                 * The seek predicate: the posts after (published_at, id), newest first. The cursor's published_at is
                 * one parameter, ?2, used twice: with two separate parameters SQLite (3.54) cannot tell that both
                 * hold the same value, derives no range from the OR, and scans the index from the newest post; with
                 * ?2 twice its plan is SEARCH p USING INDEX ix_posts_published_at (published_at<?).
                 */
                "(p.published_at < ?2 OR (p.published_at = ?2 AND p.id < ?3))",
                "?4") {
            @Override
            void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
                statement.setLong(index, instant.toEpochMilli());
            }

            @Override
            long readMillis(ResultSet rs, int index) throws SQLException {
                return rs.getLong(index);
            }

            @Override
            String searchPage() {
                return """
                        SELECT p.id, p.author_id, u.username, p.title, p.body, p.published, p.created_at, p.slug,
                               p.published_at,
                               CASE WHEN post_search.rowid IN (SELECT rowid FROM post_search WHERE post_search MATCH ?)
                                    THEN 1 ELSE 0 END
                                 + -bm25(post_search, 10.0, 1.0) / (1 - bm25(post_search, 10.0, 1.0)) AS score
                        FROM post_search
                        JOIN posts p ON p.id = post_search.rowid
                        JOIN users u ON u.id = p.author_id
                        WHERE post_search MATCH ? AND p.published_at <= ?
                        ORDER BY score DESC, p.published_at DESC, p.id DESC
                        LIMIT ?""";
            }

            @Override
            String searchCount() {
                return """
                        SELECT count(*) FROM post_search JOIN posts p ON p.id = post_search.rowid
                        WHERE post_search MATCH ? AND p.published_at <= ?""";
            }
        },

        POSTGRESQL("postgresql",
                "TRUE",
                // a row comparison, which PostgreSQL seeks in the (published_at, id) index
                "(p.published_at, p.id) < (?, ?)",
                "?") {
            @Override
            void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
                statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            }

            @Override
            long readMillis(ResultSet rs, int index) throws SQLException {
                return rs.getObject(index, OffsetDateTime.class).toInstant().toEpochMilli();
            }

            @Override
            void snapshot(Connection connection) throws SQLException {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
            }

            @Override
            String searchPage() {
                return """
                        SELECT p.id, p.author_id, u.username, p.title, p.body, p.published, p.created_at, p.slug,
                               p.published_at,
                               CASE WHEN ts_filter(p.search_vector, '{a}') @@ q THEN 1 ELSE 0 END
                                 + ts_rank_cd('{0.1, 0.1, 0.1, 1.0}', p.search_vector, q, 32) AS score
                        FROM posts p
                        JOIN users u ON u.id = p.author_id
                        CROSS JOIN CAST(? AS tsquery) q
                        WHERE p.search_vector @@ q AND p.published_at <= ?
                        ORDER BY score DESC, p.published_at DESC, p.id DESC
                        LIMIT ?""";
            }

            @Override
            String searchCount() {
                return """
                        SELECT count(*) FROM posts p
                        WHERE p.search_vector @@ CAST(? AS tsquery)
                          AND p.published_at <= ?""";
            }
        };

        private static final String POST_COLUMNS = """
                SELECT p.id, p.author_id, u.username, p.title, p.body, p.published, p.created_at, p.slug, p.published_at
                FROM posts p JOIN users u ON u.id = p.author_id
                """;

        private final String folder;
        private final String page;
        private final String pageAfter;
        private final String cursorAt;
        private final String countPublished;
        private final String updatePost;
        private final String totals;

        /**
         * @param folder the folder of BlogKit's migrations for this database, whose DDL this side runs as it is
         * @param isTrue the literal of a true BOOLEAN
         * @param after  the seek predicate: the posts after the cursor, its published_at then its id as parameters
         *     (after the listing's now)
         * @param limit  the parameter of the page after the cursor's LIMIT
         */
        Sql(String folder, String isTrue, String after, String limit) {
            this.folder = folder;
            // published: a publication time that has come (NOW, bound first)
            this.page = POST_COLUMNS
                    + "WHERE p.published_at <= ?\n"
                    + "ORDER BY p.published_at DESC, p.id DESC\n"
                    + "LIMIT ? OFFSET ?";
            this.pageAfter = POST_COLUMNS
                    + "WHERE p.published_at <= ? AND " + after + "\n"
                    + "ORDER BY p.published_at DESC, p.id DESC\n"
                    + "LIMIT " + limit;
            this.cursorAt = "SELECT published_at, id FROM posts\n"
                    + "WHERE published_at <= ?\n"
                    + "ORDER BY published_at DESC, id DESC\n"
                    + "LIMIT 1 OFFSET ?";
            this.countPublished = "SELECT count(*) FROM posts WHERE published_at <= ?";
            // publish now unless published, retitle, next version
            this.updatePost = "UPDATE posts SET published = " + isTrue + ",\n"
                    + "    published_at = CASE WHEN published_at <= ? THEN published_at ELSE ? END,\n"
                    + "    title = ?, search_title = ?, updated_at = ?, version = version + 1\n"
                    + "WHERE id = ?";
            this.totals = "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts),\n"
                    + "       (SELECT count(*) FROM posts WHERE published_at <= ?)";
        }

        abstract void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException;

        /** Starts a transaction whose statements all read one snapshot (SQLite's read transactions do already). */
        void snapshot(Connection connection) throws SQLException {
        }

        /** A page of search hits (the engine's query, NOW, the limit), best first, with snippets and ranks. */
        abstract String searchPage();

        /** The number of search hits (the engine's query, NOW). */
        abstract String searchCount();

        abstract long readMillis(ResultSet rs, int index) throws SQLException;

        /** A nullable timestamp (published_at of a draft). */
        Long readOptionalMillis(ResultSet rs, int index) throws SQLException {
            return rs.getObject(index) == null ? null : readMillis(rs, index);
        }

        /** BlogKit's migrations for this database, statement by statement, as they are: the same schema. */
        List<String> schema() throws java.io.IOException {
            List<String> statements = new ArrayList<>();
            for (String script : List.of("V1__create_users_and_posts.sql", "V2__add_user_bio.sql",
                    "V3__add_blogkit_settings.sql", "V4__add_slugs_publication_and_versions.sql", "V5__add_tags.sql",
                    "V6__add_post_search.sql", "V7__add_user_lookup_keys.sql", "V8__add_slug_suffixes_and_bound_search.sql",
                    "V9__fold_user_lookup_keys.sql", "V10__analyse_search_text_in_java.sql")) {
                try (var in = JdbcWorkload.class.getResourceAsStream("/db/blogkit/migration/" + folder + "/" + script)) {
                    statements.addAll(dev.blogkit.internal.versions.SqlStatements.split(
                            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
            return statements;
        }

        String insertUser() {
            return "INSERT INTO users (username, email, created_at, updated_at, username_key, email_key)"
                    + " VALUES (?, ?, ?, ?, ?, ?)";
        }

        String insertPost() {
            return "INSERT INTO posts (author_id, title, body, published, created_at, slug, published_at, updated_at,"
                    + " search_title, search_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        }

        /** The post's slug, which it claims before its row is written (the foreign key is checked at commit). */
        String insertSlug() {
            return "INSERT INTO post_slugs (slug, post_id) VALUES (?, ?)";
        }

        String insertTag() {
            return "INSERT INTO tags (name, slug, created_at) VALUES (?, ?, ?)";
        }

        String tagPost() {
            return "INSERT INTO post_tags (post_id, tag_id) SELECT ?, id FROM tags WHERE slug = ?";
        }

        /**
         * The first page of a tag's published posts (NOW, the tag's slug, the limit): the posts in their index order,
         * each checked for the tag through post_tags' key, which stops after the page.
         */
        String pageByTag() {
            return POST_COLUMNS
                    + "WHERE p.published_at <= ?\n"
                    + "  AND EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id\n"
                    + "              WHERE pt.post_id = p.id AND t.slug = ?)\n"
                    + "ORDER BY p.published_at DESC, p.id DESC\n"
                    + "LIMIT ?";
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
                    SELECT u.id, u.username, u.email, u.bio, u.created_at, u.updated_at, u.version,
                           p.id, p.title, p.body, p.published, p.created_at, p.slug, p.published_at, p.updated_at,
                           p.version
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
    private record UserRecord(long id, String username, String email, String bio, long createdAtMillis,
                              long updatedAtMillis, long version) {
    }

    /** A posts row with its author's username, materialized (a page reads no update time or version: 0). */
    private record PostRecord(long id, long authorId, String username, String title, String body, boolean published,
                              long createdAtMillis, String slug, Long publishedAtMillis, long updatedAtMillis,
                              long version) {
    }
}
