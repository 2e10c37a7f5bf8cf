package dev.blogkit.internal.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** What the JDBC proxies of {@link StatementCache} and {@link MultiRowInserts} do alike. */
final class JdbcProxies {

    /** What {@link #answer} returns for a method the proxy passes on. */
    static final Object PASS = new Object();

    private JdbcProxies() {
    }

    /** Whether a prepareStatement call asks for what a plain prepare gives: Hibernate asks forward-only, read-only. */
    static boolean isPlainPrepare(Object[] args) {
        return args.length == 1 || args.length == 3 && args[1].equals(ResultSet.TYPE_FORWARD_ONLY)
                && args[2].equals(ResultSet.CONCUR_READ_ONLY);
    }

    /**
     * What both proxies answer alike: unwrap and isWrapperFor (the proxy itself, else the driver's object),
     * equals and hashCode (identity); {@link #PASS} for every other method.
     */
    static Object answer(Object proxy, Object target, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "unwrap":
            case "isWrapperFor":
                return wrapper(proxy, target, method, (Class<?>) args[0]);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return PASS;
        }
    }

    private static Object wrapper(Object proxy, Object target, Method method, Class<?> type) throws Throwable {
        if (type.isInstance(proxy)) {
            return method.getName().equals("unwrap") ? proxy : Boolean.TRUE;
        }
        return call(target, method, new Object[] {type});
    }

    /**
     * Whether this call binds a parameter: setString(3, "x"), setNull(2, type) and the like (the statement's
     * settings, setMaxRows and its kin, take one argument).
     */
    static boolean bindsParameter(String name, Object[] args) {
        return args != null && args.length >= 2 && args[0] instanceof Integer && name.startsWith("set");
    }

    /**
     * Calls a parameter setter on {@code target}, as parameter {@code index}; a parameter never set (null setter)
     * is NULL, as sqlite-jdbc binds it. The setters Hibernate calls for every row of a bulk insert are called
     * directly rather than by reflection: measured on createPosts of 100,000 posts, that takes back about half of
     * what a proxy costs.
     */
    static void bind(PreparedStatement target, Method setter, Object[] args, int index) throws SQLException {
        if (setter == null) {
            target.setNull(index, Types.NULL);
            return;
        }
        switch (setter.getName()) {
            case "setLong" -> target.setLong(index, (Long) args[1]);
            case "setString" -> target.setString(index, (String) args[1]);
            case "setInt" -> target.setInt(index, (Integer) args[1]);
            case "setBoolean" -> target.setBoolean(index, (Boolean) args[1]);
            default -> {
                Object[] moved = args.clone();
                moved[0] = index;
                call(target, setter, moved);
            }
        }
    }

    /** Calls the method on the target, throwing what it throws. */
    static Object call(Object target, Method method, Object[] args) throws SQLException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sqlException) {
                throw sqlException;
            }
            if (cause instanceof RuntimeException runtimeException) {
                throw runtimeException;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SQLException(method.getName() + " failed", cause);
        } catch (IllegalAccessException e) {
            throw new SQLException("cannot call " + method.getName(), e);
        }
    }
}
