package dev.blogkit.migration;

import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a blog to another database, for example from an SQLite file to PostgreSQL when it outgrows one machine:
 * migrates the target, copies every user and post with their ids, timestamps and bios in batches, moves the
 * target's id sequences past the copied ids, and checks the counts. All or nothing: the rows go in one
 * transaction, and if the copy fails after this call migrated the target, the migrations are undone again, so
 * the target is left as it was. The target's own cursor key stays: cursors handed out by the source do not
 * work on the target.
 */
public final class BlogCopy {

    private static final Logger log = LoggerFactory.getLogger(BlogCopy.class);
    private static final int BATCH = 1000;

    /** What {@link #copy} copied. */
    public record Report(long users, long posts, Duration duration) {
    }

    /** Told after each batch how many rows of how many are copied. */
    @FunctionalInterface
    public interface Progress {
        void copied(long rows, long totalRows);
    }

    private BlogCopy() {
    }

    /**
     * Copies the blog at {@code fromUrl} into {@code toUrl}.
     *
     * @param intoNonEmptyTarget false to refuse a target that already holds users or posts
     * @throws MigrationException if the source is not at the newest version, the target holds rows and
     *     {@code intoNonEmptyTarget} is false, or the copy fails (the target is then left as it was)
     */
    public static Report copy(String fromUrl, String toUrl, boolean intoNonEmptyTarget, Progress progress) {
        if (progress == null) {
            throw new InvalidInputException("progress", "progress must not be null; pass (rows, total) -> { } for none");
        }
        Migrations source = Migrations.on(fromUrl);
        Migrations target = Migrations.on(toUrl);
        if (source.config().jdbcUrl().equals(target.config().jdbcUrl())) {
            throw new MigrationException("the source and the target are the same database: " + fromUrl);
        }
        long start = System.nanoTime();
        source.requireUpToDate();
        Optional<String> targetBefore = target.currentVersion();
        boolean migrated = !target.migrate().scripts().isEmpty();
        try (Connection from = source.dataSource().getConnection(); Connection to = target.dataSource().getConnection()) {
            from.setAutoCommit(false);
            to.setAutoCommit(false);
            try {
                Report report = copyRows(from, to, source.config().kind(), target.config().kind(), intoNonEmptyTarget,
                        progress, start);
                to.commit();
                log.info("copied {} users and {} posts from {} to {}", report.users(), report.posts(), fromUrl, toUrl);
                return report;
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            } finally {
                from.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            if (migrated) {
                target.undoTo(targetBefore.orElse(Migrations.EMPTY));
            }
            if (e instanceof MigrationException migrationException) {
                throw migrationException;
            }
            throw new MigrationException("copy from " + fromUrl + " to " + toUrl + " failed, the target is as it was: "
                    + e.getMessage(), e);
        }
    }

    private static Report copyRows(Connection from, Connection to, DatabaseKind fromKind, DatabaseKind toKind,
            boolean intoNonEmptyTarget, Progress progress, long start) throws SQLException {
        long users = count(from, "users");
        long posts = count(from, "posts");
        long usersBefore = count(to, "users");
        long postsBefore = count(to, "posts");
        if (!intoNonEmptyTarget && usersBefore + postsBefore > 0) {
            throw new MigrationException("the target already holds users or posts: refusing to copy into it "
                    + "(the command line's --into-non-empty allows it)");
        }
        long[] done = {0};
        long total = users + posts;
        copyTable(from, to,
                "SELECT id, username, email, bio, created_at FROM users ORDER BY id",
                "INSERT INTO users (id, username, email, bio, created_at) VALUES (?, ?, ?, ?, ?)",
                (rs, insert) -> {
                    insert.setLong(1, rs.getLong("id"));
                    insert.setString(2, rs.getString("username"));
                    insert.setString(3, rs.getString("email"));
                    insert.setString(4, rs.getString("bio"));
                    setInstant(insert, 5, instant(rs, "created_at", fromKind), toKind);
                }, done, total, progress);
        copyTable(from, to,
                "SELECT id, author_id, title, body, published, created_at FROM posts ORDER BY id",
                "INSERT INTO posts (id, author_id, title, body, published, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (rs, insert) -> {
                    insert.setLong(1, rs.getLong("id"));
                    insert.setLong(2, rs.getLong("author_id"));
                    insert.setString(3, rs.getString("title"));
                    insert.setString(4, rs.getString("body"));
                    insert.setBoolean(5, rs.getBoolean("published"));
                    setInstant(insert, 6, instant(rs, "created_at", fromKind), toKind);
                }, done, total, progress);
        if (toKind == DatabaseKind.POSTGRESQL) {
            try (Statement statement = to.createStatement()) {
                for (String table : new String[] {"users", "posts"}) {
                    statement.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                            + "(SELECT COALESCE(max(id), 0) + 1 FROM " + table + "), false)");
                }
            }
        }
        // SQLite moves sqlite_sequence past explicit ids by itself
        long copiedUsers = count(to, "users") - usersBefore;
        long copiedPosts = count(to, "posts") - postsBefore;
        if (copiedUsers != users || copiedPosts != posts) {
            throw new MigrationException("the counts differ after the copy: " + copiedUsers + " of " + users + " users, "
                    + copiedPosts + " of " + posts + " posts");
        }
        return new Report(users, posts, Duration.ofNanos(System.nanoTime() - start));
    }

    @FunctionalInterface
    private interface RowCopier {
        void copy(ResultSet row, PreparedStatement insert) throws SQLException;
    }

    private static void copyTable(Connection from, Connection to, String select, String insertSql, RowCopier copier, long[] done, long total, Progress progress)
            throws SQLException {
        try (Statement query = from.createStatement(); PreparedStatement insert = to.prepareStatement(insertSql)) {
            query.setFetchSize(BATCH);
            try (ResultSet rs = query.executeQuery(select)) {
                int pending = 0;
                while (rs.next()) {
                    copier.copy(rs, insert);
                    insert.addBatch();
                    if (++pending == BATCH) {
                        insert.executeBatch();
                        done[0] += pending;
                        pending = 0;
                        progress.copied(done[0], total);
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                    done[0] += pending;
                    progress.copied(done[0], total);
                }
            }
        }
    }

    private static Instant instant(ResultSet rs, String column, DatabaseKind kind) throws SQLException {
        if (kind == DatabaseKind.SQLITE) {
            return Instant.ofEpochMilli(rs.getLong(column));
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static void setInstant(PreparedStatement insert, int index, Instant value, DatabaseKind kind)
            throws SQLException {
        if (kind == DatabaseKind.SQLITE) {
            insert.setLong(index, value.toEpochMilli());
        } else {
            insert.setObject(index, value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
