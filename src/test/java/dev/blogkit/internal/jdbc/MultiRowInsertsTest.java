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
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * A batch of a plain INSERT runs as multi-row INSERTs, with the rows, order, parameter rules and failures of the
 * driver's own batch; as a layer of the statement cache, as the pool has it.
 */
class MultiRowInsertsTest {

    @TempDir
    Path dir;
    SQLiteDataSource driver;
    StatementCache cache;
    DataSource rewriting;

    @BeforeEach
    void createTable() throws SQLException {
        driver = ItemsDatabase.create(dir.resolve("inserts.db"));
        cache = new StatementCache(driver, new MultiRowInserts()::decorate);
        rewriting = cache;
    }

    @Test
    void aBatchOfAPlainInsertStoresEveryRowInOrderThroughMultiRowInserts() throws SQLException {
        createRowsTable();
        int rows = 2 * MultiRowInserts.ROWS_PER_INSERT + 37;
        String sql = "INSERT INTO batch_rows (n, t, flag, x) VALUES (?, ?, ?, ?)";
        try (Connection connection = rewriting.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
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
        try (Connection connection = rewriting.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_rows (n, t, flag, x) VALUES (?, ?, ?, ?)")) {
            insert.setString(2, "same");
            insert.setBoolean(3, true);
            insert.setDouble(4, 0.5);
            for (int i = 0; i < MultiRowInserts.ROWS_PER_INSERT + 1; i++) {
                insert.setInt(1, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        assertThat(batchRows()).hasSize(MultiRowInserts.ROWS_PER_INSERT + 1).allMatch(row -> row.endsWith("|same|1|0.5"));
    }

    @Test
    void aParameterNeverSetOrClearedIsNullAsTheDriverBindsIt() throws SQLException {
        createRowsTable();
        try (Connection connection = rewriting.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_rows (n, t, flag, x) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < MultiRowInserts.ROWS_PER_INSERT + 2; i++) {
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
        assertThat(rows).hasSize(MultiRowInserts.ROWS_PER_INSERT + 2);
        assertThat(rows.get(0)).isEqualTo("0|null|1|1.5");
        assertThat(rows.get(1)).isEqualTo("1|only row 1|1|1.5");
        assertThat(rows.subList(2, rows.size())).allMatch(row -> row.contains("|null|"));
    }

    @Test
    void clearBatchForgetsTheRowsAdded() throws SQLException {
        try (Connection connection = rewriting.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
            for (int i = 0; i < MultiRowInserts.ROWS_PER_INSERT; i++) {
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
        try (Connection connection = rewriting.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
            for (int i = 0; i < MultiRowInserts.ROWS_PER_INSERT + 60; i++) {
                String name = "row " + i;
                if (i == MultiRowInserts.ROWS_PER_INSERT + 50) {
                    // read by sqlite-jdbc when it is set: it could not be bound a second time
                    insert.setCharacterStream(1, new StringReader(name), name.length());
                } else {
                    insert.setString(1, name);
                }
                insert.addBatch();
                expected.add(name);
            }

            assertThat(insert.executeBatch()).hasSize(MultiRowInserts.ROWS_PER_INSERT + 60);
        }
        assertThat(names()).isEqualTo(expected);
        // the driver ran the whole batch: no multi-row INSERT was prepared
        assertThat(cache.preparedStatements()).isEqualTo(1);
    }

    @Test
    void aFailingChunkThrowsTheDriversErrorKeepsTheEarlierChunksAndIsNotKept() throws SQLException {
        String sql = "INSERT INTO items (name) VALUES (?)";
        try (Connection connection = rewriting.getConnection()) {
            JDBC4PreparedStatement failed;
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                failed = insert.unwrap(JDBC4PreparedStatement.class);
                for (int i = 0; i < 3 * MultiRowInserts.ROWS_PER_INSERT; i++) {
                    // the second chunk's fifth row names a stored item
                    insert.setString(1, i == MultiRowInserts.ROWS_PER_INSERT + 4 ? "b" : "new " + i);
                    insert.addBatch();
                }

                assertThatThrownBy(insert::executeBatch).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
                // the batch is gone with the failure
                assertThat(insert.executeBatch()).isEmpty();
            }
            assertThat(failed.isClosed()).isTrue();
        }
        // autocommit: the first chunk's rows were committed, nothing of the second and third
        assertThat(names()).hasSize(3 + MultiRowInserts.ROWS_PER_INSERT).endsWith("new " + (MultiRowInserts.ROWS_PER_INSERT - 1));
    }

    @Test
    void onlyAPlainInsertOfParametersIsRunAsMultiRowInserts() throws SQLException {
        try (Connection connection = rewriting.getConnection()) {
            for (String sql : List.of("INSERT INTO items (name) SELECT ?",
                    "INSERT OR IGNORE INTO items (name) VALUES (?)", "INSERT INTO items (name) VALUES (lower(?))",
                    "UPDATE items SET name = ? WHERE name = 'zzz'")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < MultiRowInserts.ROWS_PER_INSERT; i++) {
                        statement.setString(1, "x" + sql.length() + "_" + i);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }
        }
        // four statements, none of them rewritten into a multi-row one
        assertThat(cache.preparedStatements()).isEqualTo(4);
        assertThat(names()).hasSize(3 + 3 * MultiRowInserts.ROWS_PER_INSERT);
    }

    @Test
    void aSingleInsertThatFailedIsClosedInsteadOfKeptAndTheNextOneRuns() throws SQLException {
        String sql = "INSERT INTO items (name) VALUES (?)";
        try (Connection connection = rewriting.getConnection()) {
            JDBC4PreparedStatement failed;
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                failed = insert.unwrap(JDBC4PreparedStatement.class);
                insert.setString(1, "a");
                assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
            }
            assertThat(failed.isClosed()).isTrue();
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, "d");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(names()).containsExactly("a", "b", "c", "d");
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

    private List<String> names() throws SQLException {
        return ItemsDatabase.names(driver);
    }
}
