package dev.blogkit.internal.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps the prepared statements of each SQLite connection for reuse: a DataSource between the connection pool and
 * sqlite-jdbc. Hibernate prepares a statement for every query and closes it afterwards, and sqlite-jdbc has no
 * statement cache of its own (pgJDBC has one), so every call paid SQLite's {@code sqlite3_prepare} again: on a page
 * of 10 posts that was about half of the call's time. Here closing a statement puts it back, and the next
 * {@code prepareStatement} of the same SQL on the same connection gets it again.
 *
 * <p>A statement goes back only in its initial state: its result set is closed (which resets it in SQLite, so it
 * holds no read snapshot), its parameters are NULL again and its batch is empty. A statement whose settings were changed (max rows,
 * timeout, fetch size and the like) or on which a call failed is closed for real instead. A statement that is
 * still in use is never handed out twice: a second prepare of the same SQL meanwhile prepares another one. At most
 * {@link #STATEMENTS_PER_CONNECTION} idle statements per connection are kept, the least recently used go first;
 * closing the connection closes them.
 *
 * <p>A {@link Layer} may wrap what it hands out: on SQLite connections, {@link MultiRowInserts} wraps the INSERTs;
 * the multi-row INSERTs it prepares are kept here too, and a statement it marks not poolable after a failure is
 * closed.
 */
public final class StatementCache implements DataSource {

    /** Idle statements kept per connection: every distinct SQL BlogKit's repository runs, with room to spare. */
    public static final int STATEMENTS_PER_CONNECTION = 64;

    /** Statement methods after which the statement is no longer in its initial state. */
    private static final Set<String> SETTINGS = Set.of("setMaxRows", "setLargeMaxRows", "setQueryTimeout",
            "setFetchSize", "setFetchDirection", "setEscapeProcessing", "setPoolable", "setCursorName",
            "closeOnCompletion");


    /** Statements prepared by the driver, for tests: a reuse does not count. */
    private final LongAdder prepared = new LongAdder();

    /** A layer over the statements the cache hands out, given the cache's connection and the statement's SQL. */
    @FunctionalInterface
    public interface Layer {
        PreparedStatement over(Connection connection, String sql, PreparedStatement statement);
    }

    private final DataSource driver;
    private final Layer layer;

    /** The statements as the cache keeps them. */
    public StatementCache(DataSource driver) {
        this(driver, (connection, sql, statement) -> statement);
    }

    /** The statements as {@code layer} hands them out over the kept ones (the multi-row INSERTs). */
    public StatementCache(DataSource driver, Layer layer) {
        this.driver = driver;
        this.layer = layer;
    }

    /** How many statements the driver prepared since this DataSource was made. */
    public long preparedStatements() {
        return prepared.sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return caching(driver.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return caching(driver.getConnection(username, password));
    }

    private Connection caching(Connection connection) {
        CachingConnection handler = new CachingConnection(connection);
        handler.proxy = (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    /** One connection and its idle statements; used by one thread at a time, as the pool hands it out. */
    private final class CachingConnection implements InvocationHandler {

        private final Connection connection;
        private final LinkedHashMap<String, PreparedStatement> idle =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                        if (size() <= STATEMENTS_PER_CONNECTION) {
                            return false;
                        }
                        closeQuietly(eldest.getValue());
                        return true;
                    }
                };
        private Connection proxy;

        CachingConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement":
                    if (JdbcProxies.isPlainPrepare(args)) {
                        return layer.over(this.proxy, (String) args[0], checkOut((String) args[0]));
                    }
                    break;
                case "close":
                    closeIdle();
                    break;
                default:
                    Object answer = JdbcProxies.answer(proxy, connection, method, args);
                    if (answer != JdbcProxies.PASS) {
                        return answer;
                    }
                    break;
            }
            return JdbcProxies.call(connection, method, args);
        }

        private PreparedStatement checkOut(String sql) throws SQLException {
            PreparedStatement statement = driverStatement(sql);
            return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new CachedStatement(this, sql, statement));
        }

        /** The driver's statement for this SQL: an idle one, else a new one. */
        PreparedStatement driverStatement(String sql) throws SQLException {
            PreparedStatement statement = idle.remove(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                prepared.increment();
            }
            return statement;
        }

        /** A statement closed in its initial state: kept, unless one of the same SQL is kept already. */
        void checkIn(String sql, PreparedStatement statement) {
            PreparedStatement kept = idle.putIfAbsent(sql, statement);
            if (kept != null) {
                closeQuietly(statement);
            }
        }

        private void closeIdle() {
            for (PreparedStatement statement : idle.values()) {
                closeQuietly(statement);
            }
            idle.clear();
        }
    }

    /** A statement handed out: its close puts it back, or closes it for real if it cannot be reused. */
    private static final class CachedStatement implements InvocationHandler {

        private final CachingConnection owner;
        private final String sql;
        private final PreparedStatement statement;
        private ResultSet results;
        private boolean reusable = true;
        private boolean closed;

        CachedStatement(CachingConnection owner, String sql, PreparedStatement statement) {
            this.owner = owner;
            this.sql = sql;
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    close();
                    return null;
                case "isClosed":
                    return closed;
                case "getConnection":
                    return owner.proxy;
                default:
                    Object answer = JdbcProxies.answer(proxy, statement, method, args);
                    if (answer != JdbcProxies.PASS) {
                        return answer;
                    }
                    break;
            }
            if (closed) {
                throw new SQLException("the statement is closed");
            }
            if (SETTINGS.contains(name)) {
                reusable = false;
            }
            try {
                if (JdbcProxies.bindsParameter(name, args)) {
                    JdbcProxies.bind(statement, method, args, (Integer) args[0]);
                    return null;
                }
                Object result = JdbcProxies.call(statement, method, args);
                if (result instanceof ResultSet resultSet) {
                    results = resultSet;
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                reusable = false;
                throw e;
            }
        }

        private void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            if (!reusable) {
                statement.close();
                return;
            }
            try {
                if (results != null) {
                    results.close();
                }
                forgetParameters(statement);
                statement.clearBatch();
            } catch (SQLException e) {
                statement.close();
                throw e;
            }
            owner.checkIn(sql, statement);
        }
    }

    /**
     * Sets every parameter to NULL, what an unbound parameter of a new statement is. Not clearParameters: its
     * sqlite3_clear_bindings marks the statement expired, and SQLite then compiles it again at its next run, which
     * costs what the cache saves. sqlite-jdbc binds the values it holds at each run, so this native call is not
     * needed for the next run to see only its own values.
     */
    private static void forgetParameters(PreparedStatement statement) throws SQLException {
        int count = statement.getParameterMetaData().getParameterCount();
        for (int index = 1; index <= count; index++) {
            statement.setNull(index, Types.NULL);
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // the statement is gone either way; the connection's own close reports what matters
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : driver.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || driver.isWrapperFor(type);
    }
}
