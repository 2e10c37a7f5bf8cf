package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.migration.MigrationReport;
import dev.blogkit.migration.Migrations;
import dev.blogkit.migration.VersionInfo;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * BlogKit on a real PostgreSQL server: the tutorial's steps, the rules, many threads, and migrations both ways.
 * Runs when {@code BLOGKIT_TEST_POSTGRES_URL} names a server (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, as {@code .ci/run} sets it); JUnit reports it as
 * skipped otherwise. Each test works in a schema of its own, dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = PostgresqlTest.URL_VARIABLE, matches = ".+",
        disabledReason = "BLOGKIT_TEST_POSTGRES_URL is not set: the PostgreSQL tests are skipped")
class PostgresqlTest {

    static final String URL_VARIABLE = "BLOGKIT_TEST_POSTGRES_URL";

    String serverUrl;
    String schema;
    String url;
    TestDatabase.SqlLog sql = new TestDatabase.SqlLog();

    @BeforeEach
    void createSchema() {
        serverUrl = System.getenv(URL_VARIABLE);
        schema = "blogkit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @AfterEach
    void dropSchema() {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    Blog open() {
        return Blog.open(BlogConfig.builder(url).sqlObserver(sql).build());
    }

    @Test
    void theTutorialsStepsWorkOnPostgresql() {
        try (Blog blog = open()) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("alice", "alice@example.com");
            Post first = repo.createPost(alice.getId(), "First post", "Hello world!", true);
            Post draft = repo.createPost(alice.getId(), "Draft", "Work in progress.", false);
            assertThat(draft.getId()).isEqualTo(first.getId() + 1);

            sql.clear();
            User loaded = repo.findUserWithPosts(alice.getId()).orElseThrow();
            assertThat(sql.statements()).hasSize(1);
            assertThat(loaded.getPosts()).extracting(Post::getTitle).containsExactly("First post", "Draft");
            assertThat(repo.findUser(alice.getId()).orElseThrow().getCreatedAt()).isEqualTo(alice.getCreatedAt());

            repo.updatePost(draft.getId(), p -> p.setPublished(true));
            repo.updateUser(alice.getId(), u -> u.setBio("bio"));
            assertThat(repo.findUserByUsername("alice").orElseThrow().getBio()).isEqualTo("bio");
            assertThat(repo.listPublishedPosts(1, 10)).containsExactly(draft, first);
            assertThat(repo.countPublishedPosts()).isEqualTo(2);
            assertThat(repo.postCountsByUser()).containsExactly(new UserPostCount("alice", 2));

            List<NewPost> rows = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                rows.add(new NewPost(alice.getId(), "bulk " + i, "body", true));
            }
            assertThat(repo.createPosts(rows)).extracting(Post::getId).doesNotHaveDuplicates().isSorted();
            List<Long> walked = new ArrayList<>();
            String cursor = null;
            do {
                CursorPage<Post> page = repo.publishedPosts(cursor, 40);
                page.items().forEach(p -> walked.add(p.getId()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(walked).hasSize(252).doesNotHaveDuplicates();
            assertThat(repo.forEachPublishedPost(p -> { })).isEqualTo(252);

            assertThat(repo.deletePost(first.getId())).isTrue();
            assertThat(repo.deleteUser(alice.getId())).isTrue();
            assertThat(repo.countPublishedPosts()).isZero();
        }
    }

    @Test
    void theRulesHoldOnPostgresqlAndRejectedCallsChangeNothing() {
        try (Blog blog = open()) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("alice", "alice@example.com");
            repo.createPost(alice.getId(), "post", "body", true);
            List<List<Map<String, Object>>> before = snapshot();

            assertThatThrownBy(() -> repo.createUser("alice", "other@example.com"))
                    .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("username"));
            assertThatThrownBy(() -> repo.createUser("bob", "alice@example.com"))
                    .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("email"));
            assertThatThrownBy(() -> repo.createUser("b\0b", "bob@example.com"))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("username"));
            assertThatThrownBy(() -> repo.createPost(alice.getId(), "title", "body with \0 inside", true))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
            assertThatThrownBy(() -> repo.createPost(alice.getId() + 1000, "title", "body", true))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> repo.updateUser(alice.getId(), u -> u.setEmail("no at sign")))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> repo.createUsers(List.of(new NewUser("carol", "c@example.com"), new NewUser("alice", "x@example.com"))))
                    .isInstanceOf(DuplicateException.class).hasMessageContaining("row 1");

            assertThat(snapshot()).isEqualTo(before);
        }
    }

    @Test
    void eightWritersAndFourReadersShareOneBlogOnPostgresql() throws Exception {
        try (Blog blog = open()) {
            BlogRepository repo = blog.repository();
            ExecutorService threads = Executors.newFixedThreadPool(12);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Long> ids = Collections.synchronizedList(new ArrayList<>());
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    writers.add(threads.submit((Callable<Void>) () -> {
                        User user = repo.createUser("writer" + writer, "writer" + writer + "@example.com");
                        for (int i = 0; i < 40; i++) {
                            Post post = repo.createPost(user.getId(), "post " + i, "body", false);
                            ids.add(post.getId());
                            repo.updatePost(post.getId(), p -> p.setPublished(true));
                        }
                        return null;
                    }));
                }
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    readers.add(threads.submit((Callable<Void>) () -> {
                        while (writing.get()) {
                            repo.listPublishedPosts(1, 20).forEach(p -> assertThat(p.getAuthor().getUsername()).startsWith("writer"));
                            repo.countPublishedPosts();
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get(5, TimeUnit.MINUTES);
                }
                writing.set(false);
                for (Future<?> reader : readers) {
                    reader.get(1, TimeUnit.MINUTES);
                }
            } finally {
                writing.set(false);
                threads.shutdownNow();
            }
            assertThat(new HashSet<>(ids)).hasSize(320);
            assertThat(repo.countPublishedPosts()).isEqualTo(320);
        }
    }

    @Test
    void migrationsGoBothWaysOnPostgresql() {
        Migrations migrations = Migrations.on(url);

        assertThat(migrations.migrate().toVersion()).contains("3");
        assertThat(migrations.validate().problems()).isEmpty();
        execute("INSERT INTO " + schema + ".users (username, email, bio, created_at) VALUES ('alice', 'a@example.com', 'bio', now())");

        MigrationReport dryRun = migrations.dryRun().undo(2);
        assertThat(dryRun.sql()).contains("BEGIN;", "DROP TABLE blogkit_settings;", "ALTER TABLE users DROP COLUMN bio;");
        assertThat(dryRun.backupFile()).isEmpty();
        assertThat(migrations.currentVersion()).contains("3");

        assertThat(migrations.undo(2).toVersion()).contains("1");
        assertThat(rows("SELECT * FROM " + schema + ".users")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("username", "alice").doesNotContainKey("bio"));
        assertThat(migrations.history()).extracting(VersionInfo::state)
                .containsExactly(VersionInfo.State.APPLIED, VersionInfo.State.PENDING, VersionInfo.State.PENDING);
        assertThatThrownBy(() -> Blog.open(BlogConfig.builder(url).migrateOnOpen(false).build()))
                .isInstanceOf(BlogException.class).hasMessageContaining("V2 (add user bio)");

        try (Blog blog = Blog.open(url)) {
            assertThat(blog.repository().findUserByUsername("alice").orElseThrow().getBio()).isNull();
        }
        assertThat(migrations.undoTo(Migrations.EMPTY).scripts()).hasSize(3);
        assertThat(rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
                + "' AND table_name IN ('users', 'posts', 'blogkit_settings')")).isEmpty();
    }

    private List<List<Map<String, Object>>> snapshot() {
        return List.of(rows("SELECT * FROM " + schema + ".users ORDER BY id"),
                rows("SELECT * FROM " + schema + ".posts ORDER BY id"));
    }

    private List<Map<String, Object>> rows(String query) {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("query failed: " + query, e);
        }
    }

    private void execute(String statementSql) {
        try (Connection connection = DriverManager.getConnection(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute(statementSql);
        } catch (SQLException e) {
            throw new AssertionError("statement failed: " + statementSql, e);
        }
    }
}
