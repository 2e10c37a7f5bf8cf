package dev.blogkit.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        driver = ItemsDatabase.create(dir.resolve("cache.db"));
        cache = new StatementCache(driver);
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
        return ItemsDatabase.names(driver);
    }
}
