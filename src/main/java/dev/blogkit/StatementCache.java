package dev.blogkit;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
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
                    // Hibernate prepares queries with (sql, TYPE_FORWARD_ONLY, CONCUR_READ_ONLY), the driver's
                    // defaults, and other statements with (sql)
                    if (args.length == 1 || args.length == 3 && (int) args[1] == ResultSet.TYPE_FORWARD_ONLY
                            && (int) args[2] == ResultSet.CONCUR_READ_ONLY) {
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
            return new CachedStatement(this, sql, statement);
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

    /**
     * One use of a cached statement: close() hands it back instead of finalizing it. A plain delegate, not a
     * reflective proxy, because the binds of every row of a bulk insert pass through it.
     */
    private static final class CachedStatement implements PreparedStatement {

        private final CachingConnection connection;
        private final String sql;
        private final PreparedStatement delegate;
        private ResultSet resultSet;
        private boolean closed;

        CachedStatement(CachingConnection connection, String sql, PreparedStatement delegate) {
            this.connection = connection;
            this.sql = sql;
            this.delegate = delegate;
        }

        private void checkOpen() throws SQLException {
            if (closed) {
                throw new SQLException("statement is closed");
            }
        }

        /** Resets the statement and hands it back; one that cannot be reset is finalized. */
        @Override
        public void close() {
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

        @Override
        public boolean isClosed() throws SQLException {
            return closed || delegate.isClosed();
        }

        @Override
        public Connection getConnection() throws SQLException {
            checkOpen();
            return connection.proxy;
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            checkOpen();
            resultSet = delegate.executeQuery();
            return resultSet;
        }

        @Override
        public ResultSet getResultSet() throws SQLException {
            checkOpen();
            ResultSet rs = delegate.getResultSet();
            if (rs != null) {
                resultSet = rs;
            }
            return rs;
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this) || delegate.isWrapperFor(iface);
        }

        @Override
        public String toString() {
            return delegate.toString();
        }

        @Override
        public void addBatch() throws SQLException {
            checkOpen();
            delegate.addBatch();
        }

        @Override
        public void addBatch(String a0) throws SQLException {
            checkOpen();
            delegate.addBatch(a0);
        }

        @Override
        public void cancel() throws SQLException {
            checkOpen();
            delegate.cancel();
        }

        @Override
        public void clearBatch() throws SQLException {
            checkOpen();
            delegate.clearBatch();
        }

        @Override
        public void clearParameters() throws SQLException {
            checkOpen();
            delegate.clearParameters();
        }

        @Override
        public void clearWarnings() throws SQLException {
            checkOpen();
            delegate.clearWarnings();
        }

        @Override
        public void closeOnCompletion() throws SQLException {
            checkOpen();
            delegate.closeOnCompletion();
        }

        @Override
        public String enquoteIdentifier(String a0, boolean a1) throws SQLException {
            checkOpen();
            return delegate.enquoteIdentifier(a0, a1);
        }

        @Override
        public String enquoteLiteral(String a0) throws SQLException {
            checkOpen();
            return delegate.enquoteLiteral(a0);
        }

        @Override
        public String enquoteNCharLiteral(String a0) throws SQLException {
            checkOpen();
            return delegate.enquoteNCharLiteral(a0);
        }

        @Override
        public boolean execute() throws SQLException {
            checkOpen();
            return delegate.execute();
        }

        @Override
        public boolean execute(String a0) throws SQLException {
            checkOpen();
            return delegate.execute(a0);
        }

        @Override
        public boolean execute(String a0, int[] a1) throws SQLException {
            checkOpen();
            return delegate.execute(a0, a1);
        }

        @Override
        public boolean execute(String a0, String[] a1) throws SQLException {
            checkOpen();
            return delegate.execute(a0, a1);
        }

        @Override
        public boolean execute(String a0, int a1) throws SQLException {
            checkOpen();
            return delegate.execute(a0, a1);
        }

        @Override
        public int[] executeBatch() throws SQLException {
            checkOpen();
            return delegate.executeBatch();
        }

        @Override
        public long[] executeLargeBatch() throws SQLException {
            checkOpen();
            return delegate.executeLargeBatch();
        }

        @Override
        public long executeLargeUpdate() throws SQLException {
            checkOpen();
            return delegate.executeLargeUpdate();
        }

        @Override
        public long executeLargeUpdate(String a0) throws SQLException {
            checkOpen();
            return delegate.executeLargeUpdate(a0);
        }

        @Override
        public long executeLargeUpdate(String a0, int[] a1) throws SQLException {
            checkOpen();
            return delegate.executeLargeUpdate(a0, a1);
        }

        @Override
        public long executeLargeUpdate(String a0, String[] a1) throws SQLException {
            checkOpen();
            return delegate.executeLargeUpdate(a0, a1);
        }

        @Override
        public long executeLargeUpdate(String a0, int a1) throws SQLException {
            checkOpen();
            return delegate.executeLargeUpdate(a0, a1);
        }

        @Override
        public ResultSet executeQuery(String a0) throws SQLException {
            checkOpen();
            return delegate.executeQuery(a0);
        }

        @Override
        public int executeUpdate() throws SQLException {
            checkOpen();
            return delegate.executeUpdate();
        }

        @Override
        public int executeUpdate(String a0) throws SQLException {
            checkOpen();
            return delegate.executeUpdate(a0);
        }

        @Override
        public int executeUpdate(String a0, int[] a1) throws SQLException {
            checkOpen();
            return delegate.executeUpdate(a0, a1);
        }

        @Override
        public int executeUpdate(String a0, String[] a1) throws SQLException {
            checkOpen();
            return delegate.executeUpdate(a0, a1);
        }

        @Override
        public int executeUpdate(String a0, int a1) throws SQLException {
            checkOpen();
            return delegate.executeUpdate(a0, a1);
        }

        @Override
        public int getFetchDirection() throws SQLException {
            checkOpen();
            return delegate.getFetchDirection();
        }

        @Override
        public int getFetchSize() throws SQLException {
            checkOpen();
            return delegate.getFetchSize();
        }

        @Override
        public ResultSet getGeneratedKeys() throws SQLException {
            checkOpen();
            return delegate.getGeneratedKeys();
        }

        @Override
        public long getLargeMaxRows() throws SQLException {
            checkOpen();
            return delegate.getLargeMaxRows();
        }

        @Override
        public long getLargeUpdateCount() throws SQLException {
            checkOpen();
            return delegate.getLargeUpdateCount();
        }

        @Override
        public int getMaxFieldSize() throws SQLException {
            checkOpen();
            return delegate.getMaxFieldSize();
        }

        @Override
        public int getMaxRows() throws SQLException {
            checkOpen();
            return delegate.getMaxRows();
        }

        @Override
        public ResultSetMetaData getMetaData() throws SQLException {
            checkOpen();
            return delegate.getMetaData();
        }

        @Override
        public boolean getMoreResults() throws SQLException {
            checkOpen();
            return delegate.getMoreResults();
        }

        @Override
        public boolean getMoreResults(int a0) throws SQLException {
            checkOpen();
            return delegate.getMoreResults(a0);
        }

        @Override
        public ParameterMetaData getParameterMetaData() throws SQLException {
            checkOpen();
            return delegate.getParameterMetaData();
        }

        @Override
        public int getQueryTimeout() throws SQLException {
            checkOpen();
            return delegate.getQueryTimeout();
        }

        @Override
        public int getResultSetConcurrency() throws SQLException {
            checkOpen();
            return delegate.getResultSetConcurrency();
        }

        @Override
        public int getResultSetHoldability() throws SQLException {
            checkOpen();
            return delegate.getResultSetHoldability();
        }

        @Override
        public int getResultSetType() throws SQLException {
            checkOpen();
            return delegate.getResultSetType();
        }

        @Override
        public int getUpdateCount() throws SQLException {
            checkOpen();
            return delegate.getUpdateCount();
        }

        @Override
        public SQLWarning getWarnings() throws SQLException {
            checkOpen();
            return delegate.getWarnings();
        }

        @Override
        public boolean isCloseOnCompletion() throws SQLException {
            checkOpen();
            return delegate.isCloseOnCompletion();
        }

        @Override
        public boolean isPoolable() throws SQLException {
            checkOpen();
            return delegate.isPoolable();
        }

        @Override
        public boolean isSimpleIdentifier(String a0) throws SQLException {
            checkOpen();
            return delegate.isSimpleIdentifier(a0);
        }

        @Override
        public void setArray(int a0, Array a1) throws SQLException {
            checkOpen();
            delegate.setArray(a0, a1);
        }

        @Override
        public void setAsciiStream(int a0, InputStream a1) throws SQLException {
            checkOpen();
            delegate.setAsciiStream(a0, a1);
        }

        @Override
        public void setAsciiStream(int a0, InputStream a1, int a2) throws SQLException {
            checkOpen();
            delegate.setAsciiStream(a0, a1, a2);
        }

        @Override
        public void setAsciiStream(int a0, InputStream a1, long a2) throws SQLException {
            checkOpen();
            delegate.setAsciiStream(a0, a1, a2);
        }

        @Override
        public void setBigDecimal(int a0, BigDecimal a1) throws SQLException {
            checkOpen();
            delegate.setBigDecimal(a0, a1);
        }

        @Override
        public void setBinaryStream(int a0, InputStream a1) throws SQLException {
            checkOpen();
            delegate.setBinaryStream(a0, a1);
        }

        @Override
        public void setBinaryStream(int a0, InputStream a1, int a2) throws SQLException {
            checkOpen();
            delegate.setBinaryStream(a0, a1, a2);
        }

        @Override
        public void setBinaryStream(int a0, InputStream a1, long a2) throws SQLException {
            checkOpen();
            delegate.setBinaryStream(a0, a1, a2);
        }

        @Override
        public void setBlob(int a0, InputStream a1) throws SQLException {
            checkOpen();
            delegate.setBlob(a0, a1);
        }

        @Override
        public void setBlob(int a0, InputStream a1, long a2) throws SQLException {
            checkOpen();
            delegate.setBlob(a0, a1, a2);
        }

        @Override
        public void setBlob(int a0, Blob a1) throws SQLException {
            checkOpen();
            delegate.setBlob(a0, a1);
        }

        @Override
        public void setBoolean(int a0, boolean a1) throws SQLException {
            checkOpen();
            delegate.setBoolean(a0, a1);
        }

        @Override
        public void setByte(int a0, byte a1) throws SQLException {
            checkOpen();
            delegate.setByte(a0, a1);
        }

        @Override
        public void setBytes(int a0, byte[] a1) throws SQLException {
            checkOpen();
            delegate.setBytes(a0, a1);
        }

        @Override
        public void setCharacterStream(int a0, Reader a1) throws SQLException {
            checkOpen();
            delegate.setCharacterStream(a0, a1);
        }

        @Override
        public void setCharacterStream(int a0, Reader a1, int a2) throws SQLException {
            checkOpen();
            delegate.setCharacterStream(a0, a1, a2);
        }

        @Override
        public void setCharacterStream(int a0, Reader a1, long a2) throws SQLException {
            checkOpen();
            delegate.setCharacterStream(a0, a1, a2);
        }

        @Override
        public void setClob(int a0, Reader a1) throws SQLException {
            checkOpen();
            delegate.setClob(a0, a1);
        }

        @Override
        public void setClob(int a0, Reader a1, long a2) throws SQLException {
            checkOpen();
            delegate.setClob(a0, a1, a2);
        }

        @Override
        public void setClob(int a0, Clob a1) throws SQLException {
            checkOpen();
            delegate.setClob(a0, a1);
        }

        @Override
        public void setCursorName(String a0) throws SQLException {
            checkOpen();
            delegate.setCursorName(a0);
        }

        @Override
        public void setDate(int a0, Date a1) throws SQLException {
            checkOpen();
            delegate.setDate(a0, a1);
        }

        @Override
        public void setDate(int a0, Date a1, Calendar a2) throws SQLException {
            checkOpen();
            delegate.setDate(a0, a1, a2);
        }

        @Override
        public void setDouble(int a0, double a1) throws SQLException {
            checkOpen();
            delegate.setDouble(a0, a1);
        }

        @Override
        public void setEscapeProcessing(boolean a0) throws SQLException {
            checkOpen();
            delegate.setEscapeProcessing(a0);
        }

        @Override
        public void setFetchDirection(int a0) throws SQLException {
            checkOpen();
            delegate.setFetchDirection(a0);
        }

        @Override
        public void setFetchSize(int a0) throws SQLException {
            checkOpen();
            delegate.setFetchSize(a0);
        }

        @Override
        public void setFloat(int a0, float a1) throws SQLException {
            checkOpen();
            delegate.setFloat(a0, a1);
        }

        @Override
        public void setInt(int a0, int a1) throws SQLException {
            checkOpen();
            delegate.setInt(a0, a1);
        }

        @Override
        public void setLargeMaxRows(long a0) throws SQLException {
            checkOpen();
            delegate.setLargeMaxRows(a0);
        }

        @Override
        public void setLong(int a0, long a1) throws SQLException {
            checkOpen();
            delegate.setLong(a0, a1);
        }

        @Override
        public void setMaxFieldSize(int a0) throws SQLException {
            checkOpen();
            delegate.setMaxFieldSize(a0);
        }

        @Override
        public void setMaxRows(int a0) throws SQLException {
            checkOpen();
            delegate.setMaxRows(a0);
        }

        @Override
        public void setNCharacterStream(int a0, Reader a1) throws SQLException {
            checkOpen();
            delegate.setNCharacterStream(a0, a1);
        }

        @Override
        public void setNCharacterStream(int a0, Reader a1, long a2) throws SQLException {
            checkOpen();
            delegate.setNCharacterStream(a0, a1, a2);
        }

        @Override
        public void setNClob(int a0, Reader a1) throws SQLException {
            checkOpen();
            delegate.setNClob(a0, a1);
        }

        @Override
        public void setNClob(int a0, Reader a1, long a2) throws SQLException {
            checkOpen();
            delegate.setNClob(a0, a1, a2);
        }

        @Override
        public void setNClob(int a0, NClob a1) throws SQLException {
            checkOpen();
            delegate.setNClob(a0, a1);
        }

        @Override
        public void setNString(int a0, String a1) throws SQLException {
            checkOpen();
            delegate.setNString(a0, a1);
        }

        @Override
        public void setNull(int a0, int a1) throws SQLException {
            checkOpen();
            delegate.setNull(a0, a1);
        }

        @Override
        public void setNull(int a0, int a1, String a2) throws SQLException {
            checkOpen();
            delegate.setNull(a0, a1, a2);
        }

        @Override
        public void setObject(int a0, Object a1) throws SQLException {
            checkOpen();
            delegate.setObject(a0, a1);
        }

        @Override
        public void setObject(int a0, Object a1, int a2) throws SQLException {
            checkOpen();
            delegate.setObject(a0, a1, a2);
        }

        @Override
        public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
            checkOpen();
            delegate.setObject(a0, a1, a2, a3);
        }

        @Override
        public void setObject(int a0, Object a1, SQLType a2) throws SQLException {
            checkOpen();
            delegate.setObject(a0, a1, a2);
        }

        @Override
        public void setObject(int a0, Object a1, SQLType a2, int a3) throws SQLException {
            checkOpen();
            delegate.setObject(a0, a1, a2, a3);
        }

        @Override
        public void setPoolable(boolean a0) throws SQLException {
            checkOpen();
            delegate.setPoolable(a0);
        }

        @Override
        public void setQueryTimeout(int a0) throws SQLException {
            checkOpen();
            delegate.setQueryTimeout(a0);
        }

        @Override
        public void setRef(int a0, Ref a1) throws SQLException {
            checkOpen();
            delegate.setRef(a0, a1);
        }

        @Override
        public void setRowId(int a0, RowId a1) throws SQLException {
            checkOpen();
            delegate.setRowId(a0, a1);
        }

        @Override
        public void setSQLXML(int a0, SQLXML a1) throws SQLException {
            checkOpen();
            delegate.setSQLXML(a0, a1);
        }

        @Override
        public void setShort(int a0, short a1) throws SQLException {
            checkOpen();
            delegate.setShort(a0, a1);
        }

        @Override
        public void setString(int a0, String a1) throws SQLException {
            checkOpen();
            delegate.setString(a0, a1);
        }

        @Override
        public void setTime(int a0, Time a1) throws SQLException {
            checkOpen();
            delegate.setTime(a0, a1);
        }

        @Override
        public void setTime(int a0, Time a1, Calendar a2) throws SQLException {
            checkOpen();
            delegate.setTime(a0, a1, a2);
        }

        @Override
        public void setTimestamp(int a0, Timestamp a1) throws SQLException {
            checkOpen();
            delegate.setTimestamp(a0, a1);
        }

        @Override
        public void setTimestamp(int a0, Timestamp a1, Calendar a2) throws SQLException {
            checkOpen();
            delegate.setTimestamp(a0, a1, a2);
        }

        @Override
        public void setURL(int a0, URL a1) throws SQLException {
            checkOpen();
            delegate.setURL(a0, a1);
        }

        @Override
        @Deprecated
        public void setUnicodeStream(int a0, InputStream a1, int a2) throws SQLException {
            checkOpen();
            delegate.setUnicodeStream(a0, a1, a2);
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
