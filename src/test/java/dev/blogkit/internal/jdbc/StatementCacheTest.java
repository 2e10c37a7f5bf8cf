package dev.blogkit.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/** The prepared statements of an SQLite connection are kept and handed out again, and only in their initial state. */
class StatementCacheTest {

    @TempDir
    Path dir;
    SQLiteDataSource driver;
    StatementCache cache;

    @BeforeEach
    void createTable() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        driver = new SQLiteDataSource(config);
        driver.setUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        cache = new StatementCache(driver);
        try (Connection connection = driver.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
            statement.execute("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
        }
    }

    @Test
    void theSameSqlOnTheSameConnectionGetsTheStatementItWasGivenBefore() throws SQLException {
        try (Connection connection = cache.getConnection()) {
            Object first = driverStatement(connection, "SELECT name FROM items WHERE id = ?");
            Object again = driverStatement(connection, "SELECT name FROM items WHERE id = ?");

            assertThat(again).isSameAs(first);
            assertThat(cache.preparedStatements()).isEqualTo(1);
        }
    }

    @Test
    void hibernatesForwardOnlyReadOnlyPrepareIsReusedToo() throws SQLException {
        try (Connection connection = cache.getConnection()) {
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM items",
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                     ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(3);
                }
            }
        }
        assertThat(cache.preparedStatements()).isEqualTo(1);
    }

    @Test
    void aStatementStillInUseIsNotHandedOutTwice() throws SQLException {
        String sql = "SELECT name FROM items ORDER BY id";
        try (Connection connection = cache.getConnection();
             PreparedStatement outer = connection.prepareStatement(sql);
             ResultSet outerRows = outer.executeQuery()) {
            outerRows.next();
            try (PreparedStatement inner = connection.prepareStatement(sql); ResultSet innerRows = inner.executeQuery()) {
                assertThat(inner.unwrap(JDBC4PreparedStatement.class))
                        .isNotSameAs(outer.unwrap(JDBC4PreparedStatement.class));
                innerRows.next();
                innerRows.next();
                assertThat(innerRows.getString(1)).isEqualTo("b");
            }
            assertThat(outerRows.getString(1)).isEqualTo("a");
            assertThat(outerRows.next()).isTrue();
            assertThat(outerRows.getString(1)).isEqualTo("b");
        }
    }

    @Test
    void aReusedStatementStartsWithItsParametersUnset() throws SQLException {
        String sql = "SELECT ? IS NULL";
        try (Connection connection = cache.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setInt(1, 5);
                assertThat(firstInt(statement)).isZero();
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                assertThat(firstInt(statement)).isEqualTo(1);
            }
        }
        assertThat(cache.preparedStatements()).isEqualTo(1);
    }

    @Test
    void aReusedStatementStartsWithAnEmptyBatch() throws SQLException {
        String sql = "INSERT INTO items (name) VALUES (?)";
        try (Connection connection = cache.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, "never");
                statement.addBatch();
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, "d");
                statement.addBatch();
                assertThat(statement.executeBatch()).containsExactly(1);
            }
        }
        assertThat(names()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aClosedStatementRefusesWorkButCanBeClosedAgain() throws SQLException {
        try (Connection connection = cache.getConnection()) {
            PreparedStatement statement = connection.prepareStatement("SELECT 1");
            statement.close();

            assertThat(statement.isClosed()).isTrue();
            assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("closed");
            statement.close();
        }
    }

    @Test
    void aStatementWhoseSettingsChangedIsClosedInsteadOfKept() throws SQLException {
        String sql = "SELECT name FROM items";
        try (Connection connection = cache.getConnection()) {
            JDBC4PreparedStatement changed;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setMaxRows(1);
                changed = statement.unwrap(JDBC4PreparedStatement.class);
            }
            assertThat(changed.isClosed()).isTrue();
            try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(3);
            }
        }
        assertThat(cache.preparedStatements()).isEqualTo(2);
    }

    @Test
    void aStatementThatFailedIsClosedInsteadOfKept() throws SQLException {
        String sql = "INSERT INTO items (name) VALUES (?)";
        try (Connection connection = cache.getConnection()) {
            JDBC4PreparedStatement failed;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                failed = statement.unwrap(JDBC4PreparedStatement.class);
                statement.setString(1, "a");
                assertThatThrownBy(statement::executeUpdate).isInstanceOf(SQLException.class);
            }
            assertThat(failed.isClosed()).isTrue();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, "e");
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(names()).containsExactly("a", "b", "c", "e");
    }

    @Test
    void aKeptStatementHoldsNoReadSnapshot() throws SQLException {
        try (Connection reader = cache.getConnection()) {
            try (PreparedStatement statement = reader.prepareStatement("SELECT name FROM items ORDER BY id");
                 ResultSet rs = statement.executeQuery()) {
                rs.next(); // read one row of three, then close: the statement is kept, not finished
            }
            try (Connection writer = driver.getConnection(); Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO items (name) VALUES ('f')");
                // a reader still inside its snapshot would keep the checkpoint from emptying the WAL: busy = 1
                try (ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    checkpoint.next();
                    assertThat(checkpoint.getInt(1)).as("busy").isZero();
                }
            }
            assertThat(names()).contains("f");
        }
    }

    @Test
    void aKeptStatementRunsOnAfterAnotherConnectionChangedTheSchema() throws SQLException {
        String sql = "SELECT name FROM items WHERE id = ?";
        try (Connection connection = cache.getConnection()) {
            driverStatement(connection, sql);
            try (Connection migrator = driver.getConnection(); Statement statement = migrator.createStatement()) {
                statement.execute("ALTER TABLE items ADD COLUMN note TEXT");
                statement.execute("CREATE INDEX ix_items_note ON items (note)");
            }

            // SQLite compiles the kept statement again for the new schema by itself
            driverStatement(connection, sql);
        }
        assertThat(cache.preparedStatements()).isEqualTo(1);
    }

    @Test
    void keepsAtMostItsLimitOfIdleStatementsAndClosesThemWithTheConnection() throws SQLException {
        List<JDBC4PreparedStatement> driverStatements = new ArrayList<>();
        Connection connection = cache.getConnection();
        int distinct = StatementCache.STATEMENTS_PER_CONNECTION + 1;
        for (int i = 0; i < distinct; i++) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + i)) {
                driverStatements.add(statement.unwrap(JDBC4PreparedStatement.class));
            }
        }
        // the least recently used went first
        assertThat(driverStatements.get(0).isClosed()).isTrue();
        assertThat(driverStatements.subList(1, distinct)).noneMatch(this::isClosed);

        connection.close();

        assertThat(driverStatements).allMatch(this::isClosed);
    }

    @Test
    void theConnectionUnwrapsToTheDriversForTheTransactionMode() throws SQLException {
        try (Connection connection = cache.getConnection()) {
            assertThat(connection.isWrapperFor(SQLiteConnection.class)).isTrue();
            assertThat(connection.unwrap(SQLiteConnection.class)).isInstanceOf(SQLiteConnection.class);
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
                assertThat(statement.getConnection()).isSameAs(connection);
            }
        }
    }

    @Test
    void aBatchOfAPlainInsertStoresEveryRowInOrderThroughMultiRowInserts() throws SQLException {
        createRowsTable();
        int rows = 2 * StatementCache.ROWS_PER_INSERT + 37;
        String sql = "INSERT INTO batch_rows (n, t, flag, x) VALUES (?, ?, ?, ?)";
        try (Connection connection = cache.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                insert.setLong(1, i);
                if (i % 3 == 0) {
                    insert.setNull(2, Types.VARCHAR);
                } else {
                    insert.setString(2, "row " + i);
                }
                insert.setBoolean(3, i % 2 == 0);
                insert.setDouble(4, i / 4.0);
                insert.addBatch();
            }

            assertThat(insert.executeBatch()).hasSize(rows).containsOnly(1);
        }
        List<String> stored = batchRows();
        assertThat(stored).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(stored.get(i)).isEqualTo(i + "|" + (i % 3 == 0 ? null : "row " + i) + "|" + (i % 2 == 0 ? 1 : 0)
                    + "|" + (i / 4.0));
        }
        // the one-row INSERT and the multi-row one
        assertThat(cache.preparedStatements()).isEqualTo(2);
    }

    @Test
    void aParameterKeepsItsValueFromOneBatchRowToTheNextAsInJdbc() throws SQLException {
        createRowsTable();
        try (Connection connection = cache.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_rows (n, t, flag, x) VALUES (?, ?, ?, ?)")) {
            insert.setString(2, "same");
            insert.setBoolean(3, true);
            insert.setDouble(4, 0.5);
            for (int i = 0; i < StatementCache.ROWS_PER_INSERT + 1; i++) {
                insert.setInt(1, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        assertThat(batchRows()).hasSize(StatementCache.ROWS_PER_INSERT + 1).allMatch(row -> row.endsWith("|same|1|0.5"));
    }

    @Test
    void aParameterNeverSetOrClearedIsNullAsTheDriverBindsIt() throws SQLException {
        createRowsTable();
        try (Connection connection = cache.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_rows (n, t, flag, x) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < StatementCache.ROWS_PER_INSERT + 2; i++) {
                insert.setInt(1, i);
                insert.setBoolean(3, true);
                insert.setDouble(4, 1.5);
                if (i == 1) {
                    insert.setString(2, "only row 1");
                }
                insert.addBatch();
                if (i == 1) {
                    insert.clearParameters();
                }
            }
            insert.executeBatch();
        }
        List<String> rows = batchRows();
        assertThat(rows).hasSize(StatementCache.ROWS_PER_INSERT + 2);
        assertThat(rows.get(0)).isEqualTo("0|null|1|1.5");
        assertThat(rows.get(1)).isEqualTo("1|only row 1|1|1.5");
        assertThat(rows.subList(2, rows.size())).allMatch(row -> row.contains("|null|"));
    }

    @Test
    void clearBatchForgetsTheRowsAdded() throws SQLException {
        try (Connection connection = cache.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
            for (int i = 0; i < StatementCache.ROWS_PER_INSERT; i++) {
                insert.setString(1, "never " + i);
                insert.addBatch();
            }
            insert.clearBatch();
            insert.setString(1, "d");
            insert.addBatch();

            assertThat(insert.executeBatch()).containsExactly(1);
        }
        assertThat(names()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aValueTheDriverConsumesWhenSetHandsTheBatchToTheDriverWithEveryRow() throws SQLException {
        List<String> expected = new ArrayList<>(List.of("a", "b", "c"));
        try (Connection connection = cache.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
            for (int i = 0; i < StatementCache.ROWS_PER_INSERT + 60; i++) {
                String name = "row " + i;
                if (i == StatementCache.ROWS_PER_INSERT + 50) {
                    // read by sqlite-jdbc when it is set: it could not be bound a second time
                    insert.setCharacterStream(1, new StringReader(name), name.length());
                } else {
                    insert.setString(1, name);
                }
                insert.addBatch();
                expected.add(name);
            }

            assertThat(insert.executeBatch()).hasSize(StatementCache.ROWS_PER_INSERT + 60);
        }
        assertThat(names()).isEqualTo(expected);
        // the driver ran the whole batch: no multi-row INSERT was prepared
        assertThat(cache.preparedStatements()).isEqualTo(1);
    }

    @Test
    void aFailingChunkThrowsTheDriversErrorKeepsTheEarlierChunksAndIsNotKept() throws SQLException {
        String sql = "INSERT INTO items (name) VALUES (?)";
        try (Connection connection = cache.getConnection()) {
            JDBC4PreparedStatement failed;
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                failed = insert.unwrap(JDBC4PreparedStatement.class);
                for (int i = 0; i < 3 * StatementCache.ROWS_PER_INSERT; i++) {
                    // the second chunk's fifth row names a stored item
                    insert.setString(1, i == StatementCache.ROWS_PER_INSERT + 4 ? "b" : "new " + i);
                    insert.addBatch();
                }

                assertThatThrownBy(insert::executeBatch).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
                // the batch is gone with the failure
                assertThat(insert.executeBatch()).isEmpty();
            }
            assertThat(failed.isClosed()).isTrue();
        }
        // autocommit: the first chunk's rows were committed, nothing of the second and third
        assertThat(names()).hasSize(3 + StatementCache.ROWS_PER_INSERT).endsWith("new " + (StatementCache.ROWS_PER_INSERT - 1));
    }

    @Test
    void onlyAPlainInsertOfParametersIsRunAsMultiRowInserts() throws SQLException {
        try (Connection connection = cache.getConnection()) {
            for (String sql : List.of("INSERT INTO items (name) SELECT ?",
                    "INSERT OR IGNORE INTO items (name) VALUES (?)", "INSERT INTO items (name) VALUES (lower(?))",
                    "UPDATE items SET name = ? WHERE name = 'zzz'")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < StatementCache.ROWS_PER_INSERT; i++) {
                        statement.setString(1, "x" + sql.length() + "_" + i);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }
        }
        // four statements, none of them rewritten into a multi-row one
        assertThat(cache.preparedStatements()).isEqualTo(4);
        assertThat(names()).hasSize(3 + 3 * StatementCache.ROWS_PER_INSERT);
    }

    private void createRowsTable() throws SQLException {
        try (Connection connection = driver.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE batch_rows (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL, "
                    + "t TEXT, flag BOOLEAN NOT NULL, x REAL NOT NULL)");
        }
    }

    private List<String> batchRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = driver.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT n, t, flag, x FROM batch_rows ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getInt(3) + "|" + rs.getDouble(4));
            }
        }
        return rows;
    }

    private boolean isClosed(JDBC4PreparedStatement statement) {
        return statement.isClosed();
    }

    private static Object driverStatement(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, 1);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("a");
            }
            return statement.unwrap(JDBC4PreparedStatement.class);
        }
    }

    private static int firstInt(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> names() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = driver.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM items ORDER BY id")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
