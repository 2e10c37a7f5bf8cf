package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.BlogConfig;
import dev.blogkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite only: migrations and undo run with foreign keys off (so that a table rebuild cannot cascade), and each
 * version checks them before it commits. A version or an undo that leaves a row pointing nowhere fails, is
 * rolled back, and names the rows. (PostgreSQL enforces foreign keys inside migrations as everywhere.)
 */
class ForeignKeyCheckTest {

    @TempDir
    Path dir;
    Path file;
    Path app;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("blog.db");
        app = dir.resolve("app");
        script("migration", "V1__create_parents.sql", """
                CREATE TABLE parents (id INTEGER PRIMARY KEY);
                CREATE TABLE children (id INTEGER PRIMARY KEY,
                    parent_id INTEGER NOT NULL REFERENCES parents (id) ON DELETE CASCADE);
                INSERT INTO parents (id) VALUES (1), (2);
                INSERT INTO children (id, parent_id) VALUES (10, 1), (11, 1), (12, 2);""");
        script("undo", "U1__create_parents.sql", "DROP TABLE children; DROP TABLE parents;");
    }

    @Test
    void aVersionThatLeavesOrphansFailsNamesThemAndIsRolledBack() throws IOException {
        Migrations migrations = migrations();
        migrations.migrate();
        script("migration", "V2__drop_parent_one.sql", "DELETE FROM parents WHERE id = 1;");

        assertThatThrownBy(migrations::migrate).isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2 (drop parent one) leaves rows whose foreign key points to no row")
                .hasMessageContaining("children row 10 -> parents")
                .hasMessageContaining("the database stays at version 1");
        assertThat(migrations.currentVersion()).contains("1");
        assertThat(TestDatabase.rows(file, "SELECT id FROM parents ORDER BY id")).containsExactly(Map.of("id", 1), Map.of("id", 2));
    }

    @Test
    void anUndoThatLeavesOrphansFailsAndLeavesTheVersionApplied() throws IOException {
        script("migration", "V2__add_parent_three.sql", "INSERT INTO parents (id) VALUES (3);");
        script("undo", "U2__add_parent_three.sql", "DELETE FROM parents WHERE id = 2;");
        Migrations migrations = migrations();
        migrations.migrate();

        assertThatThrownBy(migrations::undo).isInstanceOf(MigrationException.class)
                .hasMessageContaining("children row 12 -> parents").hasMessageContaining("stays at version 2");
        assertThat(migrations.currentVersion()).contains("2");
        assertThat(TestDatabase.rows(file, "SELECT count(*) AS n FROM parents")).containsExactly(Map.of("n", 3));
    }

    private Migrations migrations() {
        BlogConfig config = BlogConfig.builder(TestDatabase.url(file)).migrations("filesystem:" + app, "app_schema_history").build();
        Migrations.on(config).migrate();
        return Migrations.ofApplication(config);
    }

    private void script(String kind, String name, String sql) throws IOException {
        Path script = app.resolve(kind).resolve("sqlite").resolve(name);
        Files.createDirectories(script.getParent());
        Files.writeString(script, sql);
    }

}
