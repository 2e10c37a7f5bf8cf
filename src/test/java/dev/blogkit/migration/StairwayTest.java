package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.EachDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stairway, on each database: for every shipped version, from the empty schema, upgrade to it, undo it,
 * upgrade again; the schema (tables, columns, types, indexes, foreign keys and constraints) is identical each time
 * it is at the same version, and rows survive wherever the undo does not drop their column or table.
 */
class StairwayTest extends EachDatabase {

    @Test
    void everyShippedVersionGoesUpDownAndUpAgainToTheSameSchemaKeepingRows() {
        Migrations migrations = Migrations.on(target.url());
        List<String> versions = migrations.history().stream().map(VersionInfo::version).toList();
        assertThat(versions).as("shipped versions").containsExactly("1", "2", "3");

        Map<String, Object> schemas = new HashMap<>();
        target.execute("SELECT 1");
        schemas.put(Migrations.EMPTY, target.schema());
        String previous = Migrations.EMPTY;
        for (String version : versions) {
            migrations.migrate(version);
            Map<String, Object> up = target.schema();
            assertThat(up).as("schema at V" + version).isNotEqualTo(schemas.get(previous));
            schemas.put(version, up);
            insertRowsAt(version);
            List<List<Map<String, Object>>> rowsAtVersion = rows();

            migrations.undo();
            assertThat(migrations.currentVersion().orElse(Migrations.EMPTY)).isEqualTo(previous);
            assertThat(target.schema()).as("schema after undoing V" + version).isEqualTo(schemas.get(previous));
            assertRowsSurvived(version, rowsAtVersion);

            migrations.migrate(version);
            assertThat(target.schema()).as("schema at V" + version + " again").isEqualTo(up);
            previous = version;
        }
    }

    /** Rows that use everything the version adds. */
    private void insertRowsAt(String version) {
        switch (version) {
            case "1" -> target.execute(
                    "INSERT INTO users (username, email, created_at) VALUES ('v1user', 'v1@example.com', " + at(1) + ")",
                    "INSERT INTO posts (author_id, title, body, published, created_at) "
                            + "VALUES ((SELECT id FROM users WHERE username = 'v1user'), 'v1 post', 'body', TRUE, " + at(2) + ")");
            case "2" -> target.execute(
                    "INSERT INTO users (username, email, bio, created_at) VALUES ('v2user', 'v2@example.com', 'a bio', " + at(3) + ")");
            case "3" -> target.execute("INSERT INTO blogkit_settings (name, value) VALUES ('stairway', 'x')");
            default -> throw new AssertionError("a new version needs its rows here: V" + version);
        }
    }

    /** What each undo may drop: V1's undo drops the tables, V2's undo only the bio, V3's undo BlogKit's settings. */
    private void assertRowsSurvived(String version, List<List<Map<String, Object>>> before) {
        switch (version) {
            case "1" -> assertThat(target.tables()).doesNotContain("users", "posts");
            case "2" -> {
                List<Map<String, Object>> usersWithoutBio = new ArrayList<>();
                for (Map<String, Object> user : before.get(0)) {
                    Map<String, Object> copy = new LinkedHashMap<>(user);
                    copy.remove("bio");
                    usersWithoutBio.add(copy);
                }
                assertThat(target.rows("SELECT * FROM users ORDER BY id")).isEqualTo(usersWithoutBio);
                assertThat(target.rows("SELECT * FROM posts ORDER BY id")).isEqualTo(before.get(1));
            }
            case "3" -> {
                assertThat(target.tables()).doesNotContain("blogkit_settings");
                assertThat(rows()).isEqualTo(before);
            }
            default -> throw new AssertionError("a new version needs its survival rule here: V" + version);
        }
    }

    private String at(long millis) {
        return target.timestamp(Instant.ofEpochMilli(millis));
    }

    private List<List<Map<String, Object>>> rows() {
        return List.of(target.rows("SELECT * FROM users ORDER BY id"), target.rows("SELECT * FROM posts ORDER BY id"));
    }
}
