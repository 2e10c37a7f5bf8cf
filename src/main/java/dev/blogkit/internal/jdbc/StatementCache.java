package dev.blogkit.internal.jdbc;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p>A batch of a plain {@code INSERT INTO t (columns) VALUES (?, ...)} runs as multi-row INSERTs of up to
 * {@link #ROWS_PER_INSERT} rows (what pgJDBC's reWriteBatchedInserts does on PostgreSQL): SQLite's cost per statement run
 * (and, for an AUTOINCREMENT table, its sqlite_sequence update) is then paid once per chunk instead of once per row:
 * createPosts of 100,000 posts took 365 to 369 ms instead of 439 to 447 (median of the last 5 of 10, twice). The
 * rows are the same, inserted in the same order; rows past the last full chunk run one by one. Each row's update
 * count is 1 when the chunk inserted all its rows, else {@link Statement#SUCCESS_NO_INFO}. A failing chunk throws
 * the driver's exception, inserts none of its rows (one statement) and leaves the earlier chunks' rows inserted, as
 * the driver's own batch leaves the rows before the failing one; the transaction's rollback takes them back. A value
 * the driver consumes when it is set (a stream, a reader, a LOB) cannot be bound twice: the batch that gets one goes
 * to the driver's own batch, with the rows kept so far.
 */
public final class StatementCache implements DataSource {

    /** Idle statements kept per connection: every distinct SQL BlogKit's repository runs, with room to spare. */
    public static final int STATEMENTS_PER_CONNECTION = 64;

    /** Statement methods after which the statement is no longer in its initial state. */
    private static final Set<String> SETTINGS = Set.of("setMaxRows", "setLargeMaxRows", "setQueryTimeout",
            "setFetchSize", "setFetchDirection", "setEscapeProcessing", "setPoolable", "setCursorName",
            "closeOnCompletion");

    /** Rows per multi-row INSERT; the parameters of one stay within SQLite's historical limit of 999. */
    public static final int ROWS_PER_INSERT = 100;

    private static final int MAX_PARAMETERS = 999;

    /** An INSERT whose batches may run as multi-row INSERTs: one VALUES row of parameters only, nothing after. */
    private static final Pattern INSERT_VALUES = Pattern.compile(
            "(?is)\\s*insert\\s+into\\s+[^\\s(]+\\s*\\([^()]*\\)\\s*values\\s*(\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\))\\s*");

    /** What {@link #proxyMethod} returns for a method the proxy passes on. */
    private static final Object NOT_PROXY_METHOD = new Object();

    private final DataSource driver;
    /** Statements prepared by the driver, for tests: a reuse does not count. */
    private final LongAdder prepared = new LongAdder();

    public StatementCache(DataSource driver) {
        this.driver = driver;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return caching(driver.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return caching(driver.getConnection(username, password));
    }

    /** How many statements the driver prepared since this DataSource was made. */
    public long preparedStatements() {
        return prepared.sum();
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
        private final LinkedHashMap<String, Prepared> idle =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
                        if (size() <= STATEMENTS_PER_CONNECTION) {
                            return false;
                        }
                        closeQuietly(eldest.getValue().statement());
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
                    // Hibernate asks for its queries forward-only and read-only, what a plain prepare gives
                    if (args.length == 1 || args.length == 3 && args[1].equals(ResultSet.TYPE_FORWARD_ONLY)
                            && args[2].equals(ResultSet.CONCUR_READ_ONLY)) {
                        return checkOut((String) args[0]);
                    }
                    break;
                case "close":
                    closeIdle();
                    break;
                default:
                    Object answer = proxyMethod(proxy, connection, method, args);
                    if (answer != NOT_PROXY_METHOD) {
                        return answer;
                    }
                    break;
            }
            return call(connection, method, args);
        }

        private PreparedStatement checkOut(String sql) throws SQLException {
            Prepared statement = driverStatement(sql);
            return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new CachedStatement(this, sql, statement));
        }

        /** The driver's statement for this SQL: an idle one, else a new one. */
        Prepared driverStatement(String sql) throws SQLException {
            Prepared statement = idle.remove(sql);
            if (statement == null) {
                statement = new Prepared(connection.prepareStatement(sql), InsertSql.of(sql));
                prepared.increment();
            }
            return statement;
        }

        /** A statement closed in its initial state: kept, unless one of the same SQL is kept already. */
        void checkIn(String sql, Prepared statement) {
            Prepared kept = idle.putIfAbsent(sql, statement);
            if (kept != null) {
                closeQuietly(statement.statement());
            }
        }

        private void closeIdle() {
            for (Prepared statement : idle.values()) {
                closeQuietly(statement.statement());
            }
            idle.clear();
        }
    }

    /**
     * A driver's prepared statement, and what its SQL allows, read once when it was prepared: null, or the plain
     * INSERT whose batches run as multi-row INSERTs.
     */
    private record Prepared(PreparedStatement statement, InsertSql insert) {
    }

    /** A statement handed out: its close puts it back, or closes it for real if it cannot be reused. */
    private static final class CachedStatement implements InvocationHandler {

        private final CachingConnection owner;
        private final String sql;
        private final Prepared prepared;
        private final PreparedStatement statement;
        /**
         * Null unless the SQL is a plain INSERT whose batches run as multi-row INSERTs, and no longer once a value
         * was set that cannot be bound twice (see {@link InsertBatch#record}).
         */
        private InsertBatch insertBatch;
        private ResultSet results;
        private boolean reusable = true;
        private boolean closed;

        CachedStatement(CachingConnection owner, String sql, Prepared prepared) {
            this.owner = owner;
            this.sql = sql;
            this.prepared = prepared;
            this.statement = prepared.statement();
            this.insertBatch = prepared.insert() == null ? null : new InsertBatch(prepared.insert());
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
                    Object answer = proxyMethod(proxy, statement, method, args);
                    if (answer != NOT_PROXY_METHOD) {
                        return answer;
                    }
                    break;
            }
            if (closed) {
                throw new SQLException("the statement is closed");
            }
            try {
                boolean bindsParameter = bindsParameter(name, args);
                if (bindsParameter && insertBatch != null && !insertBatch.record(method, args)) {
                    // from now on the driver batches this statement's rows itself
                    insertBatch.handOver(statement);
                    insertBatch = null;
                }
                if (insertBatch != null) {
                    switch (name) {
                        case "addBatch":
                            if (args == null) {
                                insertBatch.addRow();
                                return null;
                            }
                            break;
                        case "executeBatch":
                            return insertBatch.execute(owner, statement);
                        case "executeLargeBatch":
                            return Arrays.stream(insertBatch.execute(owner, statement)).asLongStream().toArray();
                        case "clearBatch":
                            insertBatch.clear();
                            break;
                        case "clearParameters":
                            insertBatch.clearParameters();
                            break;
                        default:
                            break;
                    }
                }
                if (bindsParameter) {
                    bind(statement, method, args, (Integer) args[0]);
                    return null;
                }
                if (name.equals("addBatch") && args == null) {
                    statement.addBatch();
                    return null;
                }
            } catch (SQLException | RuntimeException e) {
                reusable = false;
                if (insertBatch != null) {
                    insertBatch.clear();
                }
                throw e;
            }
            if (SETTINGS.contains(name)) {
                reusable = false;
            }
            try {
                Object result = method.invoke(statement, args);
                if (result instanceof ResultSet resultSet) {
                    results = resultSet;
                }
                return result;
            } catch (InvocationTargetException e) {
                reusable = false;
                throw e.getCause();
            }
        }

        private void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            if (insertBatch != null) {
                insertBatch.clear();
            }
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
            owner.checkIn(sql, prepared);
        }
    }

    /** A plain INSERT of one VALUES row of parameters, and the same INSERT with {@link #rowsPerInsert} rows. */
    private static final class InsertSql {

        private final String sql;
        /** Where the VALUES row ends in the SQL, and the row itself. */
        private final int rowEnd;
        private final String row;
        private final int parameters;
        private final int rowsPerInsert;
        /** Built at the first full chunk: most statements never run a batch (a single INSERT, say). */
        private String multiRowSql;

        private InsertSql(String sql, int rowEnd, String row, int parameters, int rowsPerInsert) {
            this.sql = sql;
            this.rowEnd = rowEnd;
            this.row = row;
            this.parameters = parameters;
            this.rowsPerInsert = rowsPerInsert;
        }

        /** For a plain INSERT of one VALUES row of parameters, else null. */
        static InsertSql of(String sql) {
            if (!sql.stripLeading().regionMatches(true, 0, "insert", 0, 6)) {
                return null;
            }
            Matcher insert = INSERT_VALUES.matcher(sql);
            if (!insert.matches()) {
                return null;
            }
            String row = insert.group(1);
            int parameters = (int) row.chars().filter(c -> c == '?').count();
            int rowsPerInsert = Math.min(ROWS_PER_INSERT, MAX_PARAMETERS / parameters);
            return rowsPerInsert < 2 ? null : new InsertSql(sql, insert.end(1), row, parameters, rowsPerInsert);
        }

        String multiRowSql() {
            if (multiRowSql == null) {
                StringBuilder multiRow = new StringBuilder(sql.length() + rowsPerInsert * (row.length() + 2))
                        .append(sql, 0, rowEnd);
                for (int i = 1; i < rowsPerInsert; i++) {
                    multiRow.append(", ").append(row);
                }
                multiRowSql = multiRow.append(sql, rowEnd, sql.length()).toString();
            }
            return multiRowSql;
        }
    }

    /**
     * The rows of a batch of a plain INSERT, kept as the setter calls that bound them, to run as multi-row INSERTs
     * (see the class comment). Parameters keep their values from one row to the next, as JDBC's do.
     */
    private static final class InsertBatch {

        private final InsertSql insert;
        private final int parameters;
        /** The current row: for each parameter, the setter called last and its arguments. */
        private final Method[] setters;
        private final Object[][] arguments;
        private final List<Object[]> rows = new ArrayList<>();

        InsertBatch(InsertSql insert) {
            this.insert = insert;
            this.parameters = insert.parameters;
            this.setters = new Method[parameters];
            this.arguments = new Object[parameters][];
        }

        /**
         * Notes a parameter setter's call (setString(3, "x"), setNull(2, type), ...: a call for which
         * {@link #bindsParameter} is true). False, and nothing noted, for a value the driver consumes when it is set
         * (a stream, a reader, a LOB): bound again into the multi-row INSERT, it would be empty.
         */
        boolean record(Method method, Object[] args) {
            int index = (Integer) args[0];
            if (index < 1 || index > parameters) {
                return true;
            }
            if (args[1] instanceof InputStream || args[1] instanceof Reader || args[1] instanceof Blob
                    || args[1] instanceof Clob || args[1] instanceof SQLXML) {
                return false;
            }
            setters[index - 1] = method;
            arguments[index - 1] = args;
            return true;
        }

        /**
         * Gives the rows kept so far to the driver's own batch of {@code single}, then binds the current row's
         * values again (the rows overwrote them), so that the driver carries on with this batch.
         */
        void handOver(PreparedStatement single) throws SQLException {
            for (Object[] row : rows) {
                bindRow(single, row, 0);
                single.addBatch();
            }
            rows.clear();
            for (int i = 0; i < parameters; i++) {
                bind(single, setters[i], arguments[i], i + 1);
            }
        }

        void addRow() {
            Object[] row = new Object[2 * parameters];
            System.arraycopy(setters, 0, row, 0, parameters);
            System.arraycopy(arguments, 0, row, parameters, parameters);
            rows.add(row);
        }

        void clear() {
            rows.clear();
        }

        /** clearParameters: the current row's parameters are unset again. */
        void clearParameters() {
            Arrays.fill(setters, null);
            Arrays.fill(arguments, null);
        }

        /**
         * Runs the rows: full chunks as multi-row INSERTs through that SQL's statement on the same connection, the
         * rest one by one through {@code single}; the batch is empty afterwards, whatever happens.
         */
        int[] execute(CachingConnection owner, PreparedStatement single) throws SQLException {
            try {
                int[] counts = new int[rows.size()];
                int done = 0;
                int rowsPerInsert = insert.rowsPerInsert;
                if (rows.size() >= rowsPerInsert) {
                    String multiRowSql = insert.multiRowSql();
                    Prepared kept = owner.driverStatement(multiRowSql);
                    PreparedStatement multiRow = kept.statement();
                    try {
                        for (; rows.size() - done >= rowsPerInsert; done += rowsPerInsert) {
                            for (int k = 0; k < rowsPerInsert; k++) {
                                bindRow(multiRow, rows.get(done + k), k * parameters);
                            }
                            int inserted = multiRow.executeUpdate();
                            Arrays.fill(counts, done, done + rowsPerInsert,
                                    inserted == rowsPerInsert ? 1 : Statement.SUCCESS_NO_INFO);
                        }
                        forgetParameters(multiRow);
                    } catch (SQLException | RuntimeException e) {
                        closeQuietly(multiRow);
                        throw e;
                    }
                    owner.checkIn(multiRowSql, kept);
                }
                for (; done < rows.size(); done++) {
                    bindRow(single, rows.get(done), 0);
                    counts[done] = single.executeUpdate();
                }
                return counts;
            } finally {
                rows.clear();
            }
        }

        /** Replays a row's setter calls on {@code target}, its parameter indexes moved by {@code offset}. */
        private void bindRow(PreparedStatement target, Object[] row, int offset) throws SQLException {
            for (int i = 0; i < parameters; i++) {
                bind(target, (Method) row[i], (Object[]) row[parameters + i], offset + i + 1);
            }
        }
    }

    /**
     * Whether this call binds a parameter: setString(3, "x"), setNull(2, type) and the like (the statement's
     * settings, setMaxRows and its kin, take one argument).
     */
    private static boolean bindsParameter(String name, Object[] args) {
        return args != null && args.length >= 2 && args[0] instanceof Integer && name.startsWith("set");
    }

    /**
     * Calls a parameter setter on {@code target}, as parameter {@code index}; a parameter never set (null setter)
     * is NULL, as sqlite-jdbc binds it. The setters Hibernate calls for every row of a bulk insert are called
     * directly rather than by reflection: measured on createPosts of 100,000 posts, that takes back about half of
     * what the proxy costs.
     */
    private static void bind(PreparedStatement target, Method setter, Object[] args, int index) throws SQLException {
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
                try {
                    setter.invoke(target, moved);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException sqlException) {
                        throw sqlException;
                    }
                    if (cause instanceof RuntimeException runtimeException) {
                        throw runtimeException;
                    }
                    throw new SQLException("cannot bind parameter " + index, cause);
                } catch (IllegalAccessException e) {
                    throw new SQLException("cannot bind parameter " + index, e);
                }
            }
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

    /**
     * What both proxies answer alike: unwrap and isWrapperFor (the proxy itself, else the driver's object),
     * equals and hashCode (identity); {@link #NOT_PROXY_METHOD} for every other method.
     */
    private static Object proxyMethod(Object proxy, Object target, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "unwrap":
            case "isWrapperFor":
                return wrapper(proxy, target, method, (Class<?>) args[0]);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return NOT_PROXY_METHOD;
        }
    }

    private static Object wrapper(Object proxy, Object target, Method method, Class<?> type) throws Throwable {
        if (type.isInstance(proxy)) {
            return method.getName().equals("unwrap") ? proxy : Boolean.TRUE;
        }
        return call(target, method, new Object[] {type});
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
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
