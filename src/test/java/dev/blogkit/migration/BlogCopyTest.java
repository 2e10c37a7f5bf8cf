package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.Blog;
import dev.blogkit.BlogRepository;
import dev.blogkit.NewPost;
import dev.blogkit.TagCount;
import dev.blogkit.TestDatabase;
import dev.blogkit.model.Post;
import dev.blogkit.model.Tag;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** Moving a blog to another database, all or nothing. */
class BlogCopyTest {

    @TempDir
    Path dir;
    String source;

    @BeforeEach
    void fillSource() {
        source = TestDatabase.url(dir.resolve("source.db"));
        try (Blog blog = Blog.open(source)) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("alice", "alice@example.com");
            User bob = repo.createUser("bob", "bob@example.com");
            repo.updateUser(bob.getId(), u -> u.setBio("bob's bio"));
            List<NewPost> rows = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                rows.add(new NewPost((i % 3 == 0 ? bob : alice).getId(), "post " + i, "body " + i, i % 2 == 0));
            }
            repo.createPosts(rows);
            repo.deletePost(7);
            // the editorial model: an old slug, a scheduled post, tags
            repo.updatePost(1, p -> p.setSlug("the-first-post"));
            repo.schedulePost(2, java.time.Instant.parse("2999-01-01T00:00:00Z"));
            repo.tagPost(1, "Java", "Databases");
            repo.tagPost(3, "Java");
            repo.untagPost(3, "Java");
            repo.tagPost(3, "java");
        }
    }

    @Test
    void copiesEveryUserAndPostWithIdsTimestampsAndBiosAndTheTargetAnswersTheSame() {
        String target = TestDatabase.url(dir.resolve("target.db"));
        List<long[]> progress = new ArrayList<>();

        BlogCopy.Report report = BlogCopy.copy(source, target, false, (rows, total) -> progress.add(new long[] {rows, total}));

        assertThat(report.users()).isEqualTo(2);
        assertThat(report.posts()).isEqualTo(2499);
        // users, posts, their slugs (one post has two), tags, taggings
        assertThat(progress).isNotEmpty().last().satisfies(p -> assertThat(p).containsExactly(5006, 5006));
        assertSameAnswers(source, target);
    }

    @Test
    void refusesATargetThatHoldsRowsAndLeavesIt() {
        String target = TestDatabase.url(dir.resolve("target.db"));
        try (Blog blog = Blog.open(target)) {
            blog.repository().createUser("carol", "carol@example.com");
        }
        var before = TestDatabase.snapshot(dir.resolve("target.db"));

        assertThatThrownBy(() -> BlogCopy.copy(source, target, false, (rows, total) -> { }))
                .isInstanceOf(MigrationException.class).hasMessageContaining("already holds");
        assertThatThrownBy(() -> BlogCopy.copy(source, target, true, (rows, total) -> { }))
                .isInstanceOf(MigrationException.class).hasMessageContaining("the target is as it was");
        assertThat(TestDatabase.snapshot(dir.resolve("target.db"))).isEqualTo(before);
    }

    @Test
    void aCopyThatFailsHalfWayLeavesTheTargetAsItWas() {
        Path file = dir.resolve("target.db");
        String target = TestDatabase.url(file);

        assertThatThrownBy(() -> BlogCopy.copy(source, target, false, (rows, total) -> {
            if (rows > 1000) {
                throw new IllegalStateException("the network went away");
            }
        })).isInstanceOf(MigrationException.class).hasMessageContaining("the network went away");

        assertThat(Migrations.on(target).currentVersion()).isEmpty();
        assertThat(TestDatabase.rows(file, "SELECT name FROM sqlite_master WHERE name IN ('users', 'posts')")).isEmpty();
    }

    /** The source with the application's comments set and a table that no set owns. */
    private dev.blogkit.BlogConfig withComments(String url) {
        return dev.blogkit.BlogConfig.builder(url).entities(example.app.Comment.class)
                .migrations("classpath:db/comments", "comments_schema_history").build();
    }

    private void addCommentsAndAStrayTable() {
        Migrations.ofApplication(withComments(source)).migrate();
        TestDatabase.execute(source,
                "INSERT INTO comments (body, created_at, post_id) VALUES ('first', 1000, 1), ('second', 2000, 2)",
                "CREATE TABLE stray_notes (id INTEGER PRIMARY KEY, text TEXT)",
                "INSERT INTO stray_notes VALUES (1, 'not the blog''s')");
    }

    @Test
    void refusesASourceTableNoGivenSetOwnsAndCreatesNoTarget() {
        addCommentsAndAStrayTable();
        Path file = dir.resolve("target.db");

        assertThatThrownBy(() -> BlogCopy.copy(source, TestDatabase.url(file), false, (rows, total) -> { }))
                .isInstanceOf(MigrationException.class).hasMessageContaining("comments, comments_schema_history, stray_notes")
                .hasMessageContaining("excludedTables").hasMessageNotContaining("--");
        assertThatThrownBy(() -> BlogCopy.copy(withComments(source), withComments(TestDatabase.url(file)), false,
                java.util.Set.of(), (rows, total) -> { })).isInstanceOf(MigrationException.class)
                .hasMessageContaining("(stray_notes)");
        assertThat(file).doesNotExist();
    }

    @Test
    void copiesTheApplicationsTablesTooAndLeavesBehindOnlyWhatIsExcluded() {
        addCommentsAndAStrayTable();
        copyTheWholeApplicationTo(TestDatabase.url(dir.resolve("target.db")));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "BLOGKIT_TEST_POSTGRES_URL", matches = ".+",
            disabledReason = "BLOGKIT_TEST_POSTGRES_URL is not set: the copy to PostgreSQL is not tested")
    void copiesTheApplicationsTablesToPostgresqlAndMovesTheirSequences() throws Exception {
        addCommentsAndAStrayTable();
        String server = System.getenv("BLOGKIT_TEST_POSTGRES_URL");
        String schema = "blogkit_copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE SCHEMA " + schema);
        try {
            String target = copyTheWholeApplicationTo(server + "&currentSchema=" + schema);
            TestDatabase.execute(target, "INSERT INTO comments (body, created_at, post_id) VALUES ('new', now(), 1)");
            assertThat(TestDatabase.rows(target, "SELECT id FROM comments WHERE body = 'new'"))
                    .extracting(r -> ((Number) r.get("id")).longValue()).containsExactly(3L);
        } finally {
            execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private String copyTheWholeApplicationTo(String target) {
        BlogCopy.Report report = BlogCopy.copy(withComments(source), withComments(target), false,
                java.util.Set.of("stray_notes"), (rows, total) -> { });

        assertThat(report.rows()).containsOnly(java.util.Map.entry("users", 2L), java.util.Map.entry("posts", 2499L),
                java.util.Map.entry("post_slugs", 2500L), java.util.Map.entry("tags", 2L),
                java.util.Map.entry("post_tags", 3L), java.util.Map.entry("comments", 2L),
                java.util.Map.entry("post_slug_suffixes", 0L));
        List<String> order = new ArrayList<>(report.rows().keySet());
        assertThat(order.indexOf("users")).as("foreign-key order").isLessThan(order.indexOf("posts"));
        assertThat(order.indexOf("posts")).as("foreign-key order").isLessThan(order.indexOf("post_tags"));
        assertThat(order.indexOf("tags")).as("foreign-key order").isLessThan(order.indexOf("post_tags"));
        assertThat(TestDatabase.rows(target, "SELECT id, body, post_id FROM comments ORDER BY id"))
                .extracting(r -> r.get("body") + "@" + r.get("post_id")).containsExactly("first@1", "second@2");
        assertThat(Migrations.ofApplication(withComments(target)).currentVersion()).contains("1");
        assertThat(TestDatabase.rows(target, "SELECT count(*) AS n FROM comments_schema_history WHERE version = '1'"))
                .extracting(r -> ((Number) r.get("n")).longValue()).containsExactly(1L);
        try (Blog blog = Blog.open(withComments(target))) {
            assertThat(blog.repository().findUserByUsername("bob").orElseThrow().getBio()).isEqualTo("bob's bio");
        }
        return target;
    }

    /**
     * Issue 31: an application's set with SQLite scripts only cannot migrate a PostgreSQL target; the copy is
     * refused before BlogKit's migrations touch the target, which keeps no table, not even an empty history.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = "BLOGKIT_TEST_POSTGRES_URL", matches = ".+",
            disabledReason = "BLOGKIT_TEST_POSTGRES_URL is not set: the copy to PostgreSQL is not tested")
    void aCopyRefusedForASetWithoutScriptsForTheTargetLeavesNoTableThereNotEvenAHistory() throws Exception {
        Path app = dir.resolve("app");
        java.nio.file.Files.createDirectories(app.resolve("migration/sqlite"));
        java.nio.file.Files.writeString(app.resolve("migration/sqlite/V1__create_notes.sql"),
                "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL);\n");
        dev.blogkit.BlogConfig sqliteOnly = dev.blogkit.BlogConfig.builder(source)
                .migrations("filesystem:" + app, "notes_schema_history").build();
        Migrations.ofApplication(sqliteOnly).migrate();
        String server = System.getenv("BLOGKIT_TEST_POSTGRES_URL");
        String schema = "blogkit_copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE SCHEMA " + schema);
        try {
            String target = server + "&currentSchema=" + schema;
            assertThatThrownBy(() -> BlogCopy.copy(sqliteOnly, dev.blogkit.BlogConfig.builder(target)
                    .migrations("filesystem:" + app, "notes_schema_history").build(), false, java.util.Set.of(),
                    (rows, total) -> { })).isInstanceOf(MigrationException.class).hasMessageContaining("postgresql");
            assertThat(TestDatabase.rows(server, "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema + "'")).as("the target's tables").isEmpty();

            // a target BlogKit had migrated before keeps what it had, its history included
            Migrations.on(target).migrate();
            List<java.util.Map<String, Object>> before = TestDatabase.rows(server, "SELECT table_name FROM "
                    + "information_schema.tables WHERE table_schema = '" + schema + "' ORDER BY table_name");
            List<java.util.Map<String, Object>> history = TestDatabase.rows(target,
                    "SELECT version, checksum, success FROM blogkit_schema_history ORDER BY installed_rank");
            assertThatThrownBy(() -> BlogCopy.copy(sqliteOnly, dev.blogkit.BlogConfig.builder(target)
                    .migrations("filesystem:" + app, "notes_schema_history").build(), false, java.util.Set.of(),
                    (rows, total) -> { })).isInstanceOf(MigrationException.class);
            assertThat(TestDatabase.rows(server, "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema + "' ORDER BY table_name")).isEqualTo(before);
            assertThat(TestDatabase.rows(target, "SELECT version, checksum, success FROM blogkit_schema_history "
                    + "ORDER BY installed_rank")).isEqualTo(history).isNotEmpty();
        } finally {
            execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void refusesToCopyADatabaseOntoItself() {
        assertThatThrownBy(() -> BlogCopy.copy(source, source, true, (rows, total) -> { }))
                .isInstanceOf(MigrationException.class).hasMessageContaining("same database");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "BLOGKIT_TEST_POSTGRES_URL", matches = ".+",
            disabledReason = "BLOGKIT_TEST_POSTGRES_URL is not set: the copy to PostgreSQL is not tested")
    void copiesToPostgresqlAndThePostgresqlBlogAnswersTheSame() throws Exception {
        String server = System.getenv("BLOGKIT_TEST_POSTGRES_URL");
        String schema = "blogkit_copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE SCHEMA " + schema);
        try {
            String target = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;

            BlogCopy.copy(source, target, false, (rows, total) -> { });

            assertSameAnswers(source, target);
        } finally {
            execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /**
     * Issue 31: the source never gives a deleted row's id again (AUTOINCREMENT, a sequence), and neither may the
     * target after a copy, whichever way it goes: an old link or a cached key would name another row.
     */
    @Test
    void anIdTheSourceGaveToARowSinceDeletedIsNeverGivenAgainByTheTarget() throws Exception {
        long deletedUser;
        long deletedPost;
        try (Blog blog = Blog.open(source)) {
            User carol = blog.repository().createUser("carol", "carol@example.com");
            deletedPost = blog.repository().createPost(carol.getId(), "Carol's only post", "Searchable quokka", true)
                    .getId();
            deletedUser = carol.getId();
            blog.repository().deleteUser(deletedUser);
        }
        String sqliteTarget = TestDatabase.url(dir.resolve("target.db"));
        BlogCopy.copy(source, sqliteTarget, false, (rows, total) -> { });
        assertNewIdsAbove(sqliteTarget, deletedUser, deletedPost);

        String server = System.getenv("BLOGKIT_TEST_POSTGRES_URL");
        if (server == null) {
            return;
        }
        String schema = "blogkit_copy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE SCHEMA " + schema);
        try {
            String postgres = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            BlogCopy.copy(source, postgres, false, (rows, total) -> { });
            assertNewIdsAbove(postgres, deletedUser, deletedPost);
            // and back: the ids the PostgreSQL blog gave (and deleted) are not given again by an SQLite copy
            try (Blog blog = Blog.open(postgres)) {
                User dave = blog.repository().createUser("dave", "dave@example.com");
                deletedUser = dave.getId();
                deletedPost = blog.repository().createPost(dave.getId(), "Dave's", "post", true).getId();
                blog.repository().deleteUser(deletedUser);
            }
            String back = TestDatabase.url(dir.resolve("back.db"));
            BlogCopy.copy(postgres, back, false, (rows, total) -> { });
            assertNewIdsAbove(back, deletedUser, deletedPost);
        } finally {
            execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void assertNewIdsAbove(String url, long deletedUser, long deletedPost) {
        try (Blog blog = Blog.open(url)) {
            User erin = blog.repository().createUser("erin" + UUID.randomUUID().toString().substring(0, 8),
                    UUID.randomUUID() + "@example.com");
            assertThat(erin.getId()).as(url).isGreaterThan(deletedUser);
            assertThat(blog.repository().createPost(erin.getId(), "New", "post", true).getId()).as(url)
                    .isGreaterThan(deletedPost);
            // the copied posts' analysed text came along: search finds them on the target
            assertThat(blog.repository().searchPosts("\"post 42\"", 1, 10).items()).extracting(h -> h.post().title())
                    .contains("post 42");
        }
    }

    /** Every repository call gives the same answer on both; new rows on the target get new ids. */
    private static void assertSameAnswers(String source, String target) {
        try (Blog from = Blog.open(source); Blog to = Blog.open(target)) {
            BlogRepository a = from.repository();
            BlogRepository b = to.repository();
            for (long id : new long[] {1, 2}) {
                User left = a.findUserWithPosts(id).orElseThrow();
                User right = b.findUserWithPosts(id).orElseThrow();
                assertThat(right.getUsername()).isEqualTo(left.getUsername());
                assertThat(right.getEmail()).isEqualTo(left.getEmail());
                assertThat(right.getBio()).isEqualTo(left.getBio());
                assertThat(right.getCreatedAt()).isEqualTo(left.getCreatedAt());
                assertThat(right.getPosts()).extracting(Post::getId, Post::getTitle, Post::getBody, Post::isPublished, Post::getCreatedAt)
                        .containsExactlyElementsOf(left.getPosts().stream()
                                .map(p -> org.assertj.core.groups.Tuple.tuple(p.getId(), p.getTitle(), p.getBody(), p.isPublished(), p.getCreatedAt()))
                                .toList());
            }
            assertThat(b.countPublishedPosts()).isEqualTo(a.countPublishedPosts());
            for (String slug : new String[] {"post-0", "the-first-post", "post-1"}) {
                Post left = a.findPostBySlug(slug).orElseThrow();
                Post right = b.findPostBySlug(slug).orElseThrow();
                assertThat(right).extracting(Post::getId, Post::getSlug, Post::getPublishedAt, Post::getUpdatedAt,
                        Post::getVersion).containsExactly(left.getId(), left.getSlug(), left.getPublishedAt(),
                        left.getUpdatedAt(), left.getVersion());
                assertThat(right.getTags()).extracting(Tag::getSlug, Tag::getName)
                        .isEqualTo(left.getTags().stream().map(t -> org.assertj.core.groups.Tuple.tuple(t.getSlug(), t.getName())).toList());
            }
            assertThat(b.findPost(2).orElseThrow().isScheduled()).isTrue();
            assertThat(b.tagCounts()).isEqualTo(a.tagCounts()).isNotEmpty();
            assertThat(b.publishedPostsByTag("java", null, 10).items())
                    .isEqualTo(a.publishedPostsByTag("java", null, 10).items());
            // new tags on the target get new ids, past the copied ones
            b.tagPost(5, "Brand new");
            assertThat(b.tagCounts()).extracting(TagCount::slug).contains("brand-new");
            assertThat(b.postCountsByUser()).isEqualTo(a.postCountsByUser());
            // the target's search index holds the copied posts, and so do its case-insensitive lookup keys
            for (String query : new String[] {"post", "body 1234", "\"post 98\"", "123*", "post -1"}) {
                assertThat(b.searchPosts(query, 1, 20).items()).as(query)
                        .extracting(h -> h.post().id()).containsExactlyInAnyOrderElementsOf(
                                a.searchPosts(query, 1, 20).items().stream().map(h -> h.post().id()).toList());
                assertThat(b.searchPosts(query, 1, 20).totalItems()).as(query)
                        .isEqualTo(a.searchPosts(query, 1, 20).totalItems()).isPositive();
            }
            assertThat(b.findUserByUsername("ALICE")).map(User::getId).contains(1L);
            assertThat(b.findUserByEmail("Bob@Example.com")).map(User::getId).contains(2L);
            assertThat(b.listPublishedPosts(3, 50)).extracting(Post::getId).isEqualTo(a.listPublishedPosts(3, 50).stream().map(Post::getId).toList());
            assertThat(b.postsByAuthor(2)).extracting(Post::getId).isEqualTo(a.postsByAuthor(2).stream().map(Post::getId).toList());
            User carol = b.createUser("carol", "carol@example.com");
            assertThat(carol.getId()).isEqualTo(3);
            assertThat(b.createPost(carol.getId(), "new", "body", true).getId()).isEqualTo(2501);
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
