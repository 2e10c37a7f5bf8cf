package dev.blogkit.internal.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out another one's connections, each wrapped: what sits between the pool and
 * sqlite-jdbc ({@link StatementCache}). Everything else is the wrapped data source's; an unwrap finds any layer.
 */
abstract class DelegatingDataSource implements DataSource {

    private final DataSource wrapped;

    DelegatingDataSource(DataSource wrapped) {
        this.wrapped = wrapped;
    }

    /** The wrapped data source's connection, as this layer hands it out. */
    abstract Connection wrap(Connection connection);

    @Override
    public final Connection getConnection() throws SQLException {
        return wrap(wrapped.getConnection());
    }

    @Override
    public final Connection getConnection(String username, String password) throws SQLException {
        return wrap(wrapped.getConnection(username, password));
    }

    @Override
    public final PrintWriter getLogWriter() throws SQLException {
        return wrapped.getLogWriter();
    }

    @Override
    public final void setLogWriter(PrintWriter out) throws SQLException {
        wrapped.setLogWriter(out);
    }

    @Override
    public final void setLoginTimeout(int seconds) throws SQLException {
        wrapped.setLoginTimeout(seconds);
    }

    @Override
    public final int getLoginTimeout() throws SQLException {
        return wrapped.getLoginTimeout();
    }

    @Override
    public final Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return wrapped.getParentLogger();
    }

    @Override
    public final <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : wrapped.unwrap(type);
    }

    @Override
    public final boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || wrapped.isWrapperFor(type);
    }
}
