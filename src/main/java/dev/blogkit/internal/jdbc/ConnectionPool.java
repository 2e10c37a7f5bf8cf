package dev.blogkit.internal.jdbc;

import dev.blogkit.BlogConfig;
import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.errors.DatabaseErrors;
import dev.blogkit.internal.metrics.CallMetrics;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool. Every connection gets the settings of {@link ConnectionSettings}, as the migrations'
 * connections do; to PostgreSQL, batched inserts are rewritten into multi-row INSERTs.
 */
public final class ConnectionPool implements AutoCloseable {

    /**
     * The names of the pools open in this JVM: each pool's name is unique among them (a second open pool on a file
     * of the same name gets {@code #2}), so that the pool's meters, tagged with it, are its own.
     */
    private static final Set<String> OPEN_POOL_NAMES = ConcurrentHashMap.newKeySet();

    private final DataSource dataSource;
    /** BlogKit's own pool, closed with it; null over the application's data source, which it never closes. */
    private final HikariDataSource pool;

    private ConnectionPool(DataSource dataSource, HikariDataSource pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    private static String claimPoolName(String name) {
        if (OPEN_POOL_NAMES.add(name)) {
            return name;
        }
        for (int n = 2; ; n++) {
            if (OPEN_POOL_NAMES.add(name + "#" + n)) {
                return name + "#" + n;
            }
        }
    }

    /** Whether the connections come from BlogKit's own pool, set up as above (else from the application's). */
    public boolean ownPool() {
        return pool != null;
    }

    /**
     * Opens the pool. {@link Blog#open} calls it after {@code Migrations}, which refuses a file that is not an
     * SQLite database before anything opens it.
     */
    public static ConnectionPool connect(BlogConfig config) {
        return connect(config, CallMetrics.NONE);
    }

    /** As {@link #connect(BlogConfig)}; BlogKit's own pool publishes its meters through {@code metrics}. */
    public static ConnectionPool connect(BlogConfig config, CallMetrics metrics) {
        if (config.dataSource().isPresent()) {
            return new ConnectionPool(config.dataSource().get(), null);
        }
        HikariConfig hikari = common(claimPoolName("blogkit:" + config.databaseFile()
                .map(java.nio.file.Path::getFileName).map(Object::toString).orElse(config.kind().folder())), config,
                config.connectionTimeout().toMillis(), metrics);
        if (config.kind() == DatabaseKind.SQLITE) {
            SQLiteConfig sqlite = config.readOnly() ? ConnectionSettings.sqliteForReads(config.busyTimeout())
                    : ConnectionSettings.sqliteForWrites(config.busyTimeout(), true);
            SQLiteDataSource driver = new SQLiteDataSource(sqlite);
            driver.setUrl(config.jdbcUrl());
            // sqlite-jdbc keeps no prepared statements: the cache between pool and driver does; above it, batches of
            // plain INSERTs run as multi-row INSERTs (pgJDBC's reWriteBatchedInserts, below, on PostgreSQL)
            hikari.setDataSource(new StatementCache(driver, new MultiRowInserts()::decorate));
        } else {
            postgresql(hikari, JdbcUrl.parse(config.jdbcUrl()), config);
        }
        return open(hikari, config.displayUrl());
    }

    /**
     * The settings every pool of BlogKit's own has: its name (claimed), size, meters, one idle connection, manual
     * commit always (Transactions commits; Hibernate is told not to switch it on and off per transaction), bounded
     * waits for a connection (a server down, unreachable or frozen) and for a connection's check, and read-only
     * connections for a read-only blog (the pool sets it on every connection; sqlite-jdbc takes it only as it opens
     * the file, and refuses a change).
     */
    private static HikariConfig common(String poolName, BlogConfig config, long connectionTimeoutMillis,
            CallMetrics metrics) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setMaximumPoolSize(config.poolSize());
        metrics.watchPool(hikari);
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(false);
        hikari.setConnectionTimeout(connectionTimeoutMillis);
        hikari.setValidationTimeout(Math.max(250, Math.min(5000, connectionTimeoutMillis / 2)));
        hikari.setReadOnly(config.readOnly());
        return hikari;
    }

    /** Opens the configured pool; if it cannot open, frees its name and says why. */
    private static ConnectionPool open(HikariConfig hikari, String displayedUrl) {
        try {
            HikariDataSource pool = new HikariDataSource(hikari);
            return new ConnectionPool(pool, pool);
        } catch (RuntimeException e) {
            OPEN_POOL_NAMES.remove(hikari.getPoolName());
            throw DatabaseErrors.translate(e, "cannot open " + displayedUrl);
        }
    }

    /**
     * The settings of a pool to a PostgreSQL server: the primary's or a read replica's.
     *
     * <p>A password in the URL goes to the driver beside it, so that no URL a connection reports holds it. A new
     * connection's TCP connect and login are bounded by the connection timeout; one statement by the statement
     * timeout, which the server enforces (it cancels the statement), and, for a server that does not answer at all,
     * by the socket's read timeout a little later.
     */
    private static void postgresql(HikariConfig hikari, JdbcUrl url, BlogConfig config) {
        hikari.setJdbcUrl(url.withoutPassword());
        if (url.password() != null) {
            hikari.setPassword(url.password());
        }
        int connectSeconds = ConnectionSettings.wholeSeconds(Duration.ofMillis(hikari.getConnectionTimeout()));
        hikari.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
        hikari.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
        // (as strings: the driver reads its settings with Properties.getProperty, which sees no other type)
        hikari.addDataSourceProperty("socketTimeout",
                String.valueOf(ConnectionSettings.wholeSeconds(config.statementTimeout()) + SOCKET_MARGIN_SECONDS));
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + config.statementTimeout().toMillis());
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(hikari::setPassword);
        // one multi-row INSERT per JDBC batch
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    }

    /** The most time a read replica's pool waits for a connection: another server can serve the read. */
    public static final Duration REPLICA_CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    /**
     * A pool of BlogKit's own to a read replica, with the primary's settings but a connection timeout of at most
     * {@link #REPLICA_CONNECTION_TIMEOUT}. It opens even while the replica is down (its connections come when the
     * replica answers); close it as the primary's.
     */
    public static ConnectionPool replica(BlogConfig config, JdbcUrl url, int number, CallMetrics metrics) {
        HikariConfig hikari = common(claimPoolName("blogkit:replica" + number), config,
                Math.min(config.connectionTimeout().toMillis(), REPLICA_CONNECTION_TIMEOUT.toMillis()), metrics);
        // a replica that is down when the Blog opens is skipped until it answers, not a reason to refuse the open
        hikari.setInitializationFailTimeout(-1);
        postgresql(hikari, url, config);
        return open(hikari, url.displayed());
    }

    /** How much longer than the statement timeout a silent server is waited for before its socket is given up. */
    private static final int SOCKET_MARGIN_SECONDS = 5;


    /** The key that signs this database's cursors (blogkit_settings, migration V3). */
    public String cursorKey() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT value FROM blogkit_settings WHERE name = 'cursor_key'");
             ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new BlogException("the database has no cursor key (blogkit_settings.cursor_key): "
                        + "it was changed by hand; undo and redo migration V3 to make a new one");
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw DatabaseErrors.translate(e, "cannot read the cursor key");
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (pool != null) {
            try {
                pool.close();
            } finally {
                OPEN_POOL_NAMES.remove(pool.getPoolName());
            }
        }
    }
}
