package dev.blogkit.internal.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The SQLite file the statement layers' tests run on: a table of unique names holding a, b and c. */
final class ItemsDatabase {

    private ItemsDatabase() {
    }

    /** sqlite-jdbc's data source over a new file at {@code file}, in WAL mode, with the table. */
    static SQLiteDataSource create(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource driver = new SQLiteDataSource(config);
        driver.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = driver.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
            statement.execute("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
        }
        return driver;
    }

    /** The names stored, in the order they were inserted, read past every layer. */
    static List<String> names(DataSource driver) throws SQLException {
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
