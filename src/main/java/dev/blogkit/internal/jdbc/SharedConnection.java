package dev.blogkit.internal.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The connection of one transaction that several calls share ({@code Blog.inRepositoryTransaction}), as each call
 * sees it: the call's session commits and rolls back as if the transaction were its own, but its commit only ends
 * the call (the transaction commits once, when the shared work is done) and its rollback goes back to where the
 * call began (a savepoint), so that a failed call leaves the transaction as it was before the call, as a single
 * call leaves the database. Closing it leaves the connection open for the next call.
 */
public final class SharedConnection {

    private final Connection connection;
    private final Connection forCalls;
    private Savepoint callStart;

    public SharedConnection(Connection connection) {
        this.connection = connection;
        this.forCalls = (Connection) Proxy.newProxyInstance(SharedConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> invoke(proxy, method, args));
    }

    /** Marks where the next call begins; what it writes is undone if it rolls back. */
    public Connection beginCall() throws SQLException {
        if (callStart != null) {
            throw new IllegalStateException("a call of this shared transaction is still running");
        }
        callStart = connection.setSavepoint();
        return forCalls;
    }

    /** Ends the call that {@link #beginCall} began: what it wrote stays in the transaction, unless it rolled back. */
    public void endCall() throws SQLException {
        Savepoint start = callStart;
        callStart = null;
        if (start != null) {
            connection.releaseSavepoint(start);
        }
    }

    private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object answer = JdbcProxies.answer(proxy, connection, method, args);
        if (answer != JdbcProxies.PASS) {
            return answer;
        }
        switch (method.getName()) {
            case "commit":
            case "close":
                return null;
            case "rollback":
                if (args == null || args.length == 0) {
                    if (callStart != null) {
                        connection.rollback(callStart);
                    }
                    return null;
                }
                return JdbcProxies.call(connection, method, args);
            case "setAutoCommit":
                if (Boolean.TRUE.equals(args[0])) {
                    throw new SQLException("the connection of a shared transaction stays in manual-commit mode");
                }
                return null;
            case "isClosed":
                return connection.isClosed();
            default:
                return JdbcProxies.call(connection, method, args);
        }
    }
}
