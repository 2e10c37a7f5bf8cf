package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stairway: for every shipped version, from the empty schema, upgrade to it, undo it, upgrade again; the
 * schema (tables, columns, types, indexes, foreign keys) is identical each time it is at the same version, and
 * rows survive wherever the undo does not drop their column or table.
 */
class StairwayTest {

    @TempDir
    Path dir;

    @Test
    void everyShippedVersionGoesUpDownAndUpAgainToTheSameSchemaKeepingRows() {
        Path file = dir.resolve("blog.db");
        Migrations migrations = Migrations.on(TestDatabase.url(file));
        List<String> versions = migrations.history().stream().map(VersionInfo::version).toList();
        assertThat(versions).as("shipped versions").containsExactly("1", "2", "3");

        Map<String, Object> schemas = new HashMap<>();
        TestDatabase.execute(file, "SELECT 1");
        schemas.put(Migrations.EMPTY, MigrationTesting.schema(file));
        String previous = Migrations.EMPTY;
        for (String version : versions) {
            migrations.migrate(version);
            Map<String, Object> up = MigrationTesting.schema(file);
            assertThat(up).as("schema at V" + version).isNotEqualTo(schemas.get(previous));
            schemas.put(version, up);
            insertRowsAt(file, version);
            List<List<Map<String, Object>>> rowsAtVersion = rows(file);

            migrations.undo();
            assertThat(migrations.currentVersion().orElse(Migrations.EMPTY)).isEqualTo(previous);
            assertThat(MigrationTesting.schema(file)).as("schema after undoing V" + version).isEqualTo(schemas.get(previous));
            assertRowsSurvived(file, version, rowsAtVersion);

            migrations.migrate(version);
            assertThat(MigrationTesting.schema(file)).as("schema at V" + version + " again").isEqualTo(up);
            previous = version;
        }
    }

    /** Rows that use everything the version adds. */
    private static void insertRowsAt(Path file, String version) {
        switch (version) {
            case "1" -> TestDatabase.execute(file,
                    "INSERT INTO users (username, email, created_at) VALUES ('v1user', 'v1@example.com', 1)",
                    "INSERT INTO posts (author_id, title, body, published, created_at) "
                            + "VALUES ((SELECT id FROM users WHERE username = 'v1user'), 'v1 post', 'body', 1, 2)");
            case "2" -> TestDatabase.execute(file,
                    "INSERT INTO users (username, email, bio, created_at) VALUES ('v2user', 'v2@example.com', 'a bio', 3)");
            case "3" -> TestDatabase.execute(file, "INSERT INTO blogkit_settings (name, value) VALUES ('stairway', 'x')");
            default -> throw new AssertionError("a new version needs its rows here: V" + version);
        }
    }

    /** What each undo may drop: V1's undo drops the tables, V2's undo only the bio, V3's undo BlogKit's settings. */
    private static void assertRowsSurvived(Path file, String version, List<List<Map<String, Object>>> before) {
        switch (version) {
            case "1" -> assertThat(TestDatabase.rows(file, "SELECT name FROM sqlite_master WHERE name = 'users'")).isEmpty();
            case "2" -> {
                List<Map<String, Object>> usersWithoutBio = new ArrayList<>();
                for (Map<String, Object> user : before.get(0)) {
                    Map<String, Object> copy = new java.util.LinkedHashMap<>(user);
                    copy.remove("bio");
                    usersWithoutBio.add(copy);
                }
                assertThat(TestDatabase.rows(file, "SELECT * FROM users ORDER BY id")).isEqualTo(usersWithoutBio);
                assertThat(TestDatabase.rows(file, "SELECT * FROM posts ORDER BY id")).isEqualTo(before.get(1));
            }
            case "3" -> {
                assertThat(TestDatabase.rows(file, "SELECT name FROM sqlite_master WHERE name = 'blogkit_settings'")).isEmpty();
                assertThat(rows(file)).isEqualTo(before);
            }
            default -> throw new AssertionError("a new version needs its survival rule here: V" + version);
        }
    }

    private static List<List<Map<String, Object>>> rows(Path file) {
        return List.of(TestDatabase.rows(file, "SELECT * FROM users ORDER BY id"),
                TestDatabase.rows(file, "SELECT * FROM posts ORDER BY id"));
    }
}
