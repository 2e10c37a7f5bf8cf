package dev.blogkit.demo;

import dev.blogkit.Blog;
import dev.blogkit.BlogException;
import dev.blogkit.BlogRepository;
import dev.blogkit.Page;
import dev.blogkit.PostView;
import dev.blogkit.SearchHit;
import dev.blogkit.UserPostCount;
import dev.blogkit.migration.Migrations;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The tutorial's full working example, then the rest of its sections, on a fresh {@code blog.db} in the working
 * directory: {@code ./mvnw -q compile exec:java}. Each run replaces the previous run's file, and only that: the demo
 * marks the file it creates (a row {@code demo} in {@code blogkit_settings}) and refuses any other {@code blog.db},
 * which may be the command line's default database holding a user's data. Given a JDBC URL
 * ({@code -Dexec.args=jdbc:postgresql://localhost/blog}), it runs on that database instead, which must hold no
 * user yet: the demo never deletes what is on a server.
 */
public final class BlogDemo {

    private static final String MARK = "demo";
    private static final String MARK_VALUE = "created by BlogKit's demo";

    private BlogDemo() {
    }

    public static void main(String[] args) {
        // The demo runs with slf4j-simple (an optional dependency of BlogKit, never passed on to applications):
        // warnings only, unless the command line asks for more with -Dorg.slf4j.simpleLogger.defaultLogLevel=info.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            if (args.length > 0) {
                run(args[0], System.out);
            } else {
                run(Path.of("blog.db"), System.out);
            }
        } catch (BlogException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the demo on {@code file}: a new file, or one an earlier run of the demo created, which it replaces
     * (with its SQLite side files).
     *
     * @throws BlogException if the file exists and the demo did not create it, or holds users other than the
     *     demo's; the file is then left untouched
     */
    public static void run(Path file, PrintStream out) {
        if (Files.exists(file)) {
            refuseUnlessMadeByDemo(file);
            deleteDatabase(file);
        }
        String url = "jdbc:sqlite:" + file;
        Migrations.on(url).migrate();
        mark(url);
        run(url, out);
    }

    /**
     * Runs the demo on the database at this URL, migrating it first.
     *
     * @throws BlogException if the database already holds users: the demo creates alice and bob
     */
    public static void run(String jdbcUrl, PrintStream out) {
        try (Blog blog = Blog.open(jdbcUrl)) {
            BlogRepository repo = blog.repository();
            if (!repo.postCountsByUser().isEmpty()) {
                throw new BlogException("the demo needs a database without users, and " + jdbcUrl
                        + " has some: give it an empty one (or no argument, for a fresh blog.db)");
            }

            // The tutorial's "Full working example"
            User alice = repo.createUser("alice", "alice@example.com");
            repo.createPost(alice.getId(), "First post", "Hello world!", true);
            repo.createPost(alice.getId(), "Draft", "Work in progress.", false);

            User user = repo.findUserWithPosts(alice.getId()).orElseThrow();
            out.println(user.getUsername() + " has " + user.getPosts().size() + " posts:");
            for (Post p : user.getPosts()) {
                out.println("  - " + p.getTitle() + " (published=" + p.isPublished() + ")");
            }

            // CRUD operations
            out.println();
            User bob = repo.createUser("bob", "bob@example.com");
            Post hello = repo.createPost(bob.getId(), "Hello BlogKit", "Getting started with the library.", false);
            Post more = repo.createPost(bob.getId(), "Hibernate under the hood", "One transaction per call.", true);
            out.println("Created user " + bob.getId() + ", posts " + hello.getId() + ", " + more.getId());
            out.println("Found " + repo.findUser(bob.getId()).orElseThrow());
            out.println("bob's email: " + repo.findUserByUsername("bob").orElseThrow().getEmail());
            for (Post post : repo.postsByAuthor(bob.getId())) {
                out.println(post.getTitle() + " - " + post.isPublished());
            }
            Post updated = repo.updatePost(hello.getId(), post -> {
                post.setPublished(true);
                post.setTitle("Hello BlogKit (updated)");
            }).orElseThrow();
            out.println("Updated: " + updated.getTitle());
            if (repo.deletePost(more.getId())) {
                out.println("Deleted post " + more.getId());
            }

            // Add a column later: users.bio came with migration V2
            User withBio = repo.updateUser(bob.getId(), u -> u.setBio("Writes about Java.")).orElseThrow();
            out.println("bob's bio: " + withBio.getBio());

            // Filter, order and paginate
            out.println();
            out.println("Published posts, page 1:");
            for (Post post : repo.listPublishedPosts(1, 5)) {
                out.println(post.getId() + " " + post.getTitle() + " by " + post.getAuthor().getUsername());
            }

            // Count and aggregate
            out.println("Published posts: " + repo.countPublishedPosts());
            for (UserPostCount row : repo.postCountsByUser()) {
                out.println(row.username() + " " + row.postCount());
            }

            editorialModel(repo, bob, out);
            finding(blog, bob, out);
        }
    }

    /** Beyond the tutorial: permalinks, scheduling, edit conflicts and tags. */
    private static void editorialModel(BlogRepository repo, User author, PrintStream out) {
        out.println();
        Post recipe = repo.createPost(author.getId(), "Crème brûlée, at last!", "Custard, then fire.", true);
        out.println("Permalink: /posts/" + recipe.getSlug());
        repo.updatePost(recipe.getId(), p -> p.setSlug("creme-brulee"));
        Post found = repo.findPostBySlug("creme-brulee-at-last").orElseThrow();
        out.println("The old permalink finds post " + found.getId() + ", now at /posts/" + found.getSlug());

        Post later = repo.createPost(author.getId(), "Coming soon", "Not yet.", false);
        repo.schedulePost(later.getId(), java.time.Instant.now().plus(java.time.Duration.ofHours(1)));
        out.println("Scheduled: " + repo.findPost(later.getId()).orElseThrow().isScheduled()
                + "; listed among the published posts: "
                + repo.listPublishedPostViews(1, 10).stream().anyMatch(v -> v.id() == later.getId()));

        Post opened = repo.findPost(recipe.getId()).orElseThrow();
        repo.updatePost(recipe.getId(), opened.getVersion(), p -> p.setBody("Custard, sugar, then fire."));
        try {
            repo.updatePost(recipe.getId(), opened.getVersion(), p -> p.setBody("An editor's stale form."));
        } catch (dev.blogkit.ConflictException e) {
            out.println("A second save from the same form is refused: version " + opened.getVersion()
                    + " is now " + e.currentVersion());
        }

        repo.tagPost(recipe.getId(), "Desserts", "French");
        out.println("Tags of /posts/creme-brulee: " + repo.findPostBySlug("creme-brulee").orElseThrow().getTags()
                .stream().map(dev.blogkit.model.Tag::getName).toList());
        for (dev.blogkit.PostView post : repo.publishedPostsByTag("desserts", null, 10).items()) {
            out.println("Tagged desserts: " + post.title() + " at /posts/" + post.slug());
        }
        for (dev.blogkit.TagCount row : repo.tagCounts()) {
            out.println("Tag " + row.name() + ": " + row.postCount() + " post(s)");
        }
    }

    /** Search, a page with its totals, a user found by email in any case, two calls in one transaction. */
    private static void finding(Blog blog, User author, PrintStream out) {
        BlogRepository repo = blog.repository();
        out.println();
        // a post and its tag, together or not at all
        blog.inRepositoryTransaction(r -> {
            Post post = r.createPost(author.getId(), "Custard, the French way", "Crème anglaise pours.", true);
            return r.tagPost(post.getId(), "Desserts");
        });
        Page<SearchHit> hits = repo.searchPosts("custard", 1, 10);
        out.println("Search \"custard\": " + hits.totalItems() + " post(s), the title match first");
        for (SearchHit hit : hits.items()) {
            out.println("  " + hit.post().title() + " at /posts/" + hit.post().slug());
        }
        out.println("Search \"creme -brulee\": " + repo.searchPosts("creme -brulee", 1, 10).items().stream()
                .map(hit -> hit.post().title()).toList());
        Page<PostView> page = repo.publishedPostsPage(1, 2);
        out.println("Published posts, page " + page.page() + " of " + page.totalPages() + " (" + page.totalItems()
                + " posts): " + page.items().stream().map(PostView::title).toList());
        out.println("BOB@EXAMPLE.COM is " + repo.findUserByEmail("BOB@EXAMPLE.COM").orElseThrow().getUsername());
    }

    /** Refuses a file unless it carries the demo's mark and no user but the demo's. */
    private static void refuseUnlessMadeByDemo(Path file) {
        String refusal = file + " exists and was not created by the demo: refusing to replace it (run the demo in "
                + "another folder, or move the file away)";
        if (!Files.isRegularFile(file)) {
            throw new BlogException(refusal);
        }
        try (Connection connection = readOnly(file); Statement statement = connection.createStatement()) {
            try (ResultSet mark = statement.executeQuery("SELECT value FROM blogkit_settings WHERE name = '" + MARK + "'")) {
                if (!mark.next() || !MARK_VALUE.equals(mark.getString(1))) {
                    throw new BlogException(refusal);
                }
            }
            try (ResultSet others = statement.executeQuery(
                    "SELECT count(*) FROM users WHERE username NOT IN ('alice', 'bob')")) {
                if (others.next() && others.getLong(1) > 0) {
                    throw new BlogException(file + " was created by the demo but holds users added since: refusing to "
                            + "replace it (run the demo in another folder, or move the file away)");
                }
            }
        } catch (SQLException e) {
            throw new BlogException(refusal, e);
        }
    }

    private static Connection readOnly(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** Marks the file as the demo's, so that the next run may replace it. */
    private static void mark(String url) {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO blogkit_settings (name, value) VALUES (?, ?)")) {
            insert.setString(1, MARK);
            insert.setString(2, MARK_VALUE);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new BlogException("cannot mark " + url + " as the demo's: " + e.getMessage(), e);
        }
    }

    private static void deleteDatabase(Path file) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }
}
