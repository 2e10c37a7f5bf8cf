package dev.blogkit;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Prepared statements kept open per SQLite connection and reused, the way a hand-written DAO keeps its statements.
 * SQLite compiles every statement it prepares (a page query: its parse and plan were a third of the call), the
 * driver keeps no cache, HikariCP deliberately has none, and Hibernate prepares its SQL anew on every call.
 *
 * <p>{@code prepareStatement(sql)} on a connection of {@link #wrap} hands out an idle statement of the same SQL if
 * the connection has one; closing the statement resets it (its result set closed, so that it holds no read
 * snapshot of the WAL, and its parameters cleared) and keeps it for the next call instead of finalizing it. At
 * most {@value #PER_CONNECTION} statements a connection are kept, the least recently used closed first; closing
 * the connection closes them all. The other ways to prepare (generated keys, scrollable results) are not cached.
 */
final class StatementCache {

    static final int PER_CONNECTION = 64;

    private StatementCache() {
    }

    /** The data source whose connections cache their statements. */
    static DataSource wrap(DataSource dataSource) {
        return new CachingDataSource(dataSource);
    }

    private static final class CachingDataSource implements DataSource {

        private final DataSource delegate;

        CachingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return CachingConnection.wrap(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return CachingConnection.wrap(delegate.getConnection(username, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || delegate.isWrapperFor(iface);
        }
    }

    /** The connection's side: the idle statements by their SQL, least recently used first. */
    private static final class CachingConnection implements InvocationHandler {

        private final Connection delegate;
        private Connection proxy;
        private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };

        private CachingConnection(Connection delegate) {
            this.delegate = delegate;
        }

        static Connection wrap(Connection connection) {
            CachingConnection handler = new CachingConnection(connection);
            handler.proxy = (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
            return handler.proxy;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement" -> {
                    if (args.length == 1) {
                        return prepare((String) args[0]);
                    }
                }
                case "close" -> {
                    closeIdle();
                }
                case "unwrap" -> {
                    Class<?> iface = (Class<?>) args[0];
                    if (iface.isInstance(self)) {
                        return self;
                    }
                }
                case "isWrapperFor" -> {
                    if (((Class<?>) args[0]).isInstance(self)) {
                        return true;
                    }
                }
                case "equals" -> {
                    return self == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(self);
                }
                default -> {
                    // passed on below
                }
            }
            return call(delegate, method, args);
        }

        private synchronized PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = idle.remove(sql);
            if (statement == null) {
                statement = delegate.prepareStatement(sql);
            }
            return CachedStatement.wrap(this, sql, statement);
        }

        /** Back from use: kept, unless an idle statement of the same SQL is kept already. */
        synchronized void release(String sql, PreparedStatement statement) {
            if (idle.containsKey(sql)) {
                closeQuietly(statement);
            } else {
                idle.put(sql, statement);
            }
        }

        private synchronized void closeIdle() {
            List<PreparedStatement> statements = new ArrayList<>(idle.values());
            idle.clear();
            statements.forEach(CachingConnection::closeQuietly);
        }

        private static void closeQuietly(PreparedStatement statement) {
            try {
                statement.close();
            } catch (SQLException | RuntimeException e) {
                // the connection closes what it prepared anyway
            }
        }
    }

    /** One use of a cached statement: close() hands it back instead of finalizing it. */
    private static final class CachedStatement implements InvocationHandler {

        private final CachingConnection connection;
        private final String sql;
        private final PreparedStatement delegate;
        private ResultSet resultSet;
        private boolean closed;

        private CachedStatement(CachingConnection connection, String sql, PreparedStatement delegate) {
            this.connection = connection;
            this.sql = sql;
            this.delegate = delegate;
        }

        static PreparedStatement wrap(CachingConnection connection, String sql, PreparedStatement statement) {
            return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new CachedStatement(connection, sql, statement));
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    close();
                    return null;
                }
                case "isClosed" -> {
                    return closed || delegate.isClosed();
                }
                case "getConnection" -> {
                    checkOpen();
                    return connection.proxy;
                }
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(self)) {
                        return self;
                    }
                }
                case "isWrapperFor" -> {
                    if (((Class<?>) args[0]).isInstance(self)) {
                        return true;
                    }
                }
                case "equals" -> {
                    return self == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(self);
                }
                case "toString" -> {
                    return delegate.toString();
                }
                default -> {
                    // passed on below
                }
            }
            checkOpen();
            Object result = call(delegate, method, args);
            if (result instanceof ResultSet rs) {
                resultSet = rs;
            }
            return result;
        }

        private void checkOpen() throws SQLException {
            if (closed) {
                throw new SQLException("statement is closed");
            }
        }

        /** Resets the statement and hands it back; one that cannot be reset is finalized. */
        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (delegate.isClosed()) {
                    return;
                }
                if (resultSet != null) {
                    // resets the SQLite statement: it no longer holds a read snapshot
                    resultSet.close();
                    resultSet = null;
                }
                delegate.clearBatch();
                delegate.clearParameters();
            } catch (SQLException | RuntimeException e) {
                CachingConnection.closeQuietly(delegate);
                return;
            }
            connection.release(sql, delegate);
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
