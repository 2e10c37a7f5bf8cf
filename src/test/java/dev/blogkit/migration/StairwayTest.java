package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.EachDatabase;
import dev.blogkit.internal.text.Identity;
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
        assertThat(versions).as("shipped versions").containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

        Map<String, Object> schemas = new HashMap<>();
        target.execute("SELECT 1");
        schemas.put(Migrations.EMPTY, target.schema());
        String previous = Migrations.EMPTY;
        for (String version : versions) {
            migrations.migrate(version);
            Map<String, Object> up = target.schema();
            if (!changesOnlyRows(version)) {
                assertThat(up).as("schema at V" + version).isNotEqualTo(schemas.get(previous));
            }
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

    /** V9 on SQLite, which has no column lengths: new lookup keys in the same columns. */
    private boolean changesOnlyRows(String version) {
        return version.equals("9") && target.kind() == dev.blogkit.TestTarget.Kind.SQLITE;
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
            case "4" -> target.execute(
                    "INSERT INTO users (username, email, created_at, updated_at, version) VALUES ('v4user', "
                            + "'v4@example.com', " + at(4) + ", " + at(5) + ", 3)",
                    "INSERT INTO posts (author_id, title, body, published, created_at, slug, published_at, updated_at, "
                            + "version) VALUES ((SELECT id FROM users WHERE username = 'v4user'), 'v4 post', 'body', "
                            + "TRUE, " + at(6) + ", 'v4-post', " + at(7) + ", " + at(8) + ", 2)",
                    "INSERT INTO post_slugs (slug, post_id) VALUES ('v4-old-slug', (SELECT id FROM posts WHERE slug = 'v4-post'))");
            case "5" -> target.execute(
                    "INSERT INTO tags (name, slug, created_at) VALUES ('V5', 'v5', " + at(9) + ")",
                    "INSERT INTO post_tags (post_id, tag_id) VALUES ((SELECT max(id) FROM posts), "
                            + "(SELECT id FROM tags WHERE slug = 'v5'))");
            case "6" -> target.execute(
                    "INSERT INTO posts (author_id, title, body, published, created_at, slug, published_at, updated_at, "
                            + "version) VALUES ((SELECT id FROM users WHERE username = 'v4user'), 'v6 searchable', "
                            + "'found', TRUE, " + at(10) + ", 'v6-post', " + at(10) + ", " + at(10) + ", 0)");
            case "7" -> target.execute(
                    "INSERT INTO users (username, email, created_at, updated_at, version, username_key, email_key) "
                            + "VALUES ('V7User', 'V7@example.com', " + at(11) + ", " + at(11) + ", 0, 'v7user', "
                            + "'v7@example.com')");
            case "8" -> target.execute(
                    "INSERT INTO post_slug_suffixes (base, last_suffix) VALUES ('v4-post', 5)",
                    "INSERT INTO posts (author_id, title, body, published, created_at, slug, published_at, updated_at, "
                            + "version) VALUES ((SELECT id FROM users WHERE username = 'v4user'), 'v8 post', "
                            + "'a long body', TRUE, " + at(12) + ", 'v4-post-5', " + at(12) + ", " + at(12) + ", 0)");
            case "9" -> target.execute(
                    "INSERT INTO users (username, email, created_at, updated_at, version, username_key, email_key) "
                            + "VALUES ('V9User', 'V9@example.com', " + at(13) + ", " + at(13) + ", 0, '"
                            + Identity.storedKey("V9User") + "', '" + Identity.storedKey("V9@example.com") + "')");
            case "10" -> target.execute(
                    "INSERT INTO posts (author_id, title, body, published, created_at, slug, published_at, updated_at, "
                            + "version, search_title, search_body) VALUES ((SELECT id FROM users WHERE username = "
                            + "'v4user'), 'V10 Café', 'Pa\u0302tisserie', TRUE, " + at(14) + ", 'v10-post', " + at(14)
                            + ", " + at(14) + ", 0, '" + dev.blogkit.model.Post.searchedTitle("V10 Café") + "', '"
                            + dev.blogkit.model.Post.searchedBody("Pa\u0302tisserie") + "')");
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
            case "4" -> {
                // every user and post stays, without the columns V4 added; a post published in the past stays published
                assertThat(target.tables()).doesNotContain("post_slugs");
                assertThat(target.rows("SELECT * FROM users ORDER BY id"))
                        .isEqualTo(without(before.get(0), "updated_at", "version"));
                assertThat(target.rows("SELECT * FROM posts ORDER BY id"))
                        .isEqualTo(without(before.get(1), "slug", "published_at", "updated_at", "version"));
            }
            case "5" -> {
                assertThat(target.tables()).doesNotContain("tags", "post_tags");
                assertThat(rows()).isEqualTo(before);
            }
            case "6" -> {
                // the search index goes (on PostgreSQL, the posts' generated vector column); the rows stay
                assertThat(target.tables()).doesNotContain("post_search");
                assertThat(target.rows("SELECT * FROM users ORDER BY id")).isEqualTo(before.get(0));
                assertThat(target.rows("SELECT * FROM posts ORDER BY id"))
                        .isEqualTo(without(before.get(1), "search_vector"));
            }
            case "7" -> {
                // the lookup keys go; usernames and emails stay as typed
                assertThat(target.rows("SELECT * FROM users ORDER BY id"))
                        .isEqualTo(without(before.get(0), "username_key", "email_key"));
                assertThat(target.rows("SELECT * FROM posts ORDER BY id")).isEqualTo(before.get(1));
            }
            case "8" -> {
                // the suffix counters go (suffixes are found from the stored slugs again); users and posts stay
                assertThat(target.tables()).doesNotContain("post_slug_suffixes");
                assertThat(target.rows("SELECT * FROM users ORDER BY id")).isEqualTo(before.get(0));
                assertThat(target.rows("SELECT * FROM posts ORDER BY id")).isEqualTo(before.get(1));
            }
            case "9" -> {
                // the keys are V7's again (for these ASCII names: the names in lower case); users and posts stay
                assertThat(target.rows("SELECT * FROM users ORDER BY id"))
                        .isEqualTo(without(before.get(0), "username_key", "email_key").stream().map(user -> {
                            Map<String, Object> keyed = new LinkedHashMap<>(user);
                            keyed.put("username_key", ((String) user.get("username")).toLowerCase(java.util.Locale.ROOT));
                            keyed.put("email_key", ((String) user.get("email")).toLowerCase(java.util.Locale.ROOT));
                            return keyed;
                        }).toList());
                assertThat(target.rows("SELECT * FROM posts ORDER BY id")).isEqualTo(before.get(1));
            }
            case "10" -> {
                // the analysed text goes (the engines analyse title and body again); users and posts stay
                assertThat(target.rows("SELECT * FROM users ORDER BY id")).isEqualTo(before.get(0));
                assertThat(without(target.rows("SELECT * FROM posts ORDER BY id"), "search_vector"))
                        .isEqualTo(without(before.get(1), "search_title", "search_body", "search_vector"));
            }
            default -> throw new AssertionError("a new version needs its survival rule here: V" + version);
        }
    }

    private static List<Map<String, Object>> without(List<Map<String, Object>> rows, String... columns) {
        List<Map<String, Object>> copies = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new LinkedHashMap<>(row);
            for (String column : columns) {
                copy.remove(column);
            }
            copies.add(copy);
        }
        return copies;
    }

    private String at(long millis) {
        return target.timestamp(Instant.ofEpochMilli(millis));
    }

    private List<List<Map<String, Object>>> rows() {
        return List.of(target.rows("SELECT * FROM users ORDER BY id"), target.rows("SELECT * FROM posts ORDER BY id"));
    }
}
