package dev.blogkit.internal.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * Runs a JDBC batch of a plain {@code INSERT INTO t (columns) VALUES (?, ...)} as multi-row INSERTs of up to
 * {@link #ROWS_PER_INSERT} rows, on SQLite (what pgJDBC's {@code reWriteBatchedInserts} does on PostgreSQL): SQLite's
 * cost per statement run (and, for an AUTOINCREMENT table, its sqlite_sequence update) is then paid once per chunk
 * instead of once per row: createPosts of 100,000 posts took 365 to 369 ms instead of 439 to 447 (median of the last
 * 5 of 10, twice). A layer of the statement cache ({@link StatementCache}): it wraps the INSERTs the cache hands
 * out; every other statement is the cache's own, untouched.
 *
 * <p>The rows are the same, inserted in the same order; rows past the last full chunk run one by one. Each row's
 * update count is 1 when the chunk inserted all its rows, else {@link Statement#SUCCESS_NO_INFO}. A failing chunk
 * throws the driver's exception, inserts none of its rows (one statement) and leaves the earlier chunks' rows
 * inserted, as the driver's own batch leaves the rows before the failing one; the transaction's rollback takes them
 * back; the statement is then marked not poolable ({@link Statement#setPoolable}), so that a statement pool below
 * closes it rather than keeping it. A value the driver consumes when it is set (a stream, a reader, a LOB) cannot be
 * bound twice: the batch that gets one goes to the driver's own batch, with the rows kept so far. The multi-row
 * statement is prepared and closed on the wrapped connection, so that its statement pool keeps it.
 */
public final class MultiRowInserts {

    /** Rows per multi-row INSERT; the parameters of one stay within SQLite's historical limit of 999. */
    public static final int ROWS_PER_INSERT = 100;

    private static final int MAX_PARAMETERS = 999;

    /** sqlite-jdbc's prepared statement, whose setters the multi-row INSERT's values go to. */
    private static final Class<JDBC4PreparedStatement> DRIVER_STATEMENT = JDBC4PreparedStatement.class;

    /** An INSERT whose batches may run as multi-row INSERTs: one VALUES row of parameters only, nothing after. */
    private static final Pattern INSERT_VALUES = Pattern.compile(
            "(?is)\\s*insert\\s+into\\s+[^\\s(]+\\s*\\([^()]*\\)\\s*values\\s*(\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\))\\s*");


    /** How many INSERTs' readings are kept: every INSERT BlogKit's repository runs, with room to spare. */
    private static final int KEPT_INSERTS = 256;

    /** What each INSERT's SQL allows, read at its first prepare (shared by the pool's connections). */
    private final Map<String, Optional<InsertSql>> inserts = new ConcurrentHashMap<>();

    /**
     * The statement the statement cache hands out for {@code sql} on {@code connection} (the cache's), as this layer
     * hands it out: a plain INSERT's wrapped so that its batches run as multi-row INSERTs; any other as it is.
     */
    public PreparedStatement decorate(Connection connection, String sql, PreparedStatement statement) {
        if (!sql.stripLeading().regionMatches(true, 0, "insert", 0, 6)) {
            return statement;
        }
        Optional<InsertSql> insert = inserts.get(sql);
        if (insert == null) {
            insert = InsertSql.of(sql);
            if (inserts.size() < KEPT_INSERTS) {
                inserts.put(sql, insert);
            }
        }
        if (insert.isEmpty()) {
            return statement;
        }
        return (PreparedStatement) Proxy.newProxyInstance(MultiRowInserts.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, new RewritingStatement(connection, insert.get(), statement));
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

        /** For a plain INSERT of one VALUES row of parameters, else empty. */
        static Optional<InsertSql> of(String sql) {
            Matcher insert = INSERT_VALUES.matcher(sql);
            if (!insert.matches()) {
                return Optional.empty();
            }
            String row = insert.group(1);
            int parameters = (int) row.chars().filter(c -> c == '?').count();
            int rowsPerInsert = Math.min(ROWS_PER_INSERT, MAX_PARAMETERS / parameters);
            return rowsPerInsert < 2 ? Optional.empty()
                    : Optional.of(new InsertSql(sql, insert.end(1), row, parameters, rowsPerInsert));
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
     * A plain INSERT handed out: its batch rows are kept as the setter calls that bound them, to run as multi-row
     * INSERTs; every other call goes to the wrapped statement. Parameters keep their values from one row to the
     * next, as JDBC's do.
     */
    private static final class RewritingStatement implements InvocationHandler {

        /** The connection that handed it out: the statement cache's, which keeps the multi-row INSERT too. */
        private final Connection connection;
        private final InsertSql insert;
        private final PreparedStatement single;
        /** Where the current row's values are bound: sqlite-jdbc's statement itself, past the layers below. */
        private final PreparedStatement singleValues;
        private final int parameters;
        /** The current row: for each parameter, the setter called last and its arguments. */
        private final Method[] setters;
        private final Object[][] arguments;
        private final List<Object[]> rows = new ArrayList<>();
        /** False once a value was set that cannot be bound twice: from then on the driver batches the rows. */
        private boolean rewriting = true;
        private boolean closed;

        RewritingStatement(Connection connection, InsertSql insert, PreparedStatement single) {
            this.connection = connection;
            this.insert = insert;
            this.single = single;
            this.singleValues = driverStatement(single);
            this.parameters = insert.parameters;
            this.setters = new Method[parameters];
            this.arguments = new Object[parameters][];
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "getConnection":
                    return connection;
                case "close":
                    closed = true;
                    rows.clear();
                    single.close();
                    return null;
                default:
                    Object answer = JdbcProxies.answer(proxy, single, method, args);
                    if (answer != JdbcProxies.PASS) {
                        return answer;
                    }
                    break;
            }
            if (!rewriting || closed) {
                return JdbcProxies.call(single, method, args);
            }
            try {
                if (JdbcProxies.bindsParameter(name, args)) {
                    if (!record(method, args)) {
                        handOver();
                    }
                    JdbcProxies.bind(singleValues, method, args, (Integer) args[0]);
                    return null;
                }
                switch (name) {
                    case "executeUpdate":
                        if (args == null) {
                            // one row (createPost): run on the driver's statement, past the cache's proxy, as
                            // its values were bound; a failure marks it not poolable (below)
                            return singleValues.executeUpdate();
                        }
                        break;
                    case "addBatch":
                        if (args == null) {
                            addRow();
                            return null;
                        }
                        break;
                    case "executeBatch":
                        return execute();
                    case "executeLargeBatch":
                        return Arrays.stream(execute()).asLongStream().toArray();
                    case "clearBatch":
                        rows.clear();
                        break;
                    case "clearParameters":
                        Arrays.fill(setters, null);
                        Arrays.fill(arguments, null);
                        break;
                    default:
                        break;
                }
            } catch (SQLException | RuntimeException e) {
                rows.clear();
                single.setPoolable(false);
                throw e;
            }
            return JdbcProxies.call(single, method, args);
        }

        /**
         * Notes a parameter setter's call (setString(3, "x"), setNull(2, type), ...). False, and nothing noted,
         * for a value the driver consumes when it is set (a stream, a reader, a LOB): bound again into the
         * multi-row INSERT, it would be empty.
         */
        private boolean record(Method method, Object[] args) {
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
         * Gives the rows kept so far to the driver's own batch, then binds the current row's values again (the
         * rows overwrote them), so that the driver carries on with this batch.
         */
        private void handOver() throws SQLException {
            rewriting = false;
            for (Object[] row : rows) {
                bindRow(single, row, 0);
                single.addBatch();
            }
            rows.clear();
            for (int i = 0; i < parameters; i++) {
                JdbcProxies.bind(single, setters[i], arguments[i], i + 1);
            }
        }

        private void addRow() {
            Object[] row = new Object[2 * parameters];
            System.arraycopy(setters, 0, row, 0, parameters);
            System.arraycopy(arguments, 0, row, parameters, parameters);
            rows.add(row);
        }

        /**
         * Runs the rows: full chunks as multi-row INSERTs through a statement of that SQL on the wrapped connection,
         * the rest one by one; the batch is empty afterwards, whatever happens.
         */
        private int[] execute() throws SQLException {
            try {
                int[] counts = new int[rows.size()];
                int done = 0;
                int rowsPerInsert = insert.rowsPerInsert;
                if (rows.size() >= rowsPerInsert) {
                    try (PreparedStatement multiRow = connection.prepareStatement(insert.multiRowSql())) {
                        PreparedStatement values = driverStatement(multiRow);
                        try {
                            for (; rows.size() - done >= rowsPerInsert; done += rowsPerInsert) {
                                for (int k = 0; k < rowsPerInsert; k++) {
                                    bindRow(values, rows.get(done + k), k * parameters);
                                }
                                int inserted = multiRow.executeUpdate();
                                Arrays.fill(counts, done, done + rowsPerInsert,
                                        inserted == rowsPerInsert ? 1 : Statement.SUCCESS_NO_INFO);
                            }
                        } catch (SQLException | RuntimeException e) {
                            multiRow.setPoolable(false);
                            throw e;
                        }
                    }
                }
                for (; done < rows.size(); done++) {
                    bindRow(singleValues, rows.get(done), 0);
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
                JdbcProxies.bind(target, (Method) row[i], (Object[]) row[parameters + i], offset + i + 1);
            }
        }
    }

    /**
     * The driver's statement under the layers below (the statement cache's proxy), for binding values: through
     * them, each of the 100,000 rows of a createPosts paid a reflective call per value. The statement still runs
     * through them, so that the cache sees how it ends; a failure marks it not poolable.
     */
    private static PreparedStatement driverStatement(PreparedStatement statement) {
        try {
            return statement.isWrapperFor(DRIVER_STATEMENT) ? statement.unwrap(DRIVER_STATEMENT) : statement;
        } catch (SQLException e) {
            // a statement that cannot tell what it wraps takes the values itself
            return statement;
        }
    }
}
