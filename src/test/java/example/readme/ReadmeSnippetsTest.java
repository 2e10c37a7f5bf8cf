package example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogRepository;
import dev.blogkit.ConflictException;
import dev.blogkit.CursorPage;
import dev.blogkit.DuplicateException;
import dev.blogkit.NewPost;
import dev.blogkit.NewUser;
import dev.blogkit.Page;
import dev.blogkit.PostEdit;
import dev.blogkit.PostView;
import dev.blogkit.SearchHit;
import dev.blogkit.TagCount;
import dev.blogkit.UserEdit;
import dev.blogkit.UserPostCount;
import dev.blogkit.migration.Migrations;
import dev.blogkit.model.Post;
import example.app.Comment;
import dev.blogkit.model.User;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The README's Java snippets, each the region between {@code // snippet: NAME} and {@code // end snippet} of a
 * method here (or of another class under example/), run as written: {@link ReadmeTest} checks that the README shows
 * each region verbatim. The snippets that name {@code jdbc:sqlite:blog.db}, as a reader's application would, run in
 * the working directory, one at a time, only where no {@code blog.db} is there already, and remove what they made.
 */
@ResourceLock("the working directory's blog.db")
class ReadmeSnippetsTest {

    @TempDir
    Path dir;

    private Blog blog;
    private BlogRepository repo;

    @BeforeEach
    void open() {
        blog = Blog.open("jdbc:sqlite:" + dir.resolve("tour.db"));
        repo = blog.repository();
    }

    @AfterEach
    void close() {
        blog.close();
    }

    @Test
    void connect() throws IOException {
        inTheWorkingDirectory(() -> {
            // snippet: connect
            try (Blog blog = Blog.open("jdbc:sqlite:blog.db")) {
                BlogRepository repo = blog.repository();
                // ...
            }
            // end snippet
            assertThat(Migrations.on("jdbc:sqlite:blog.db").currentVersion()).isPresent();
        });
    }

    @Test
    void configure() throws IOException {
        inTheWorkingDirectory(() -> {
            // snippet: configure
            BlogConfig config = BlogConfig.builder("jdbc:sqlite:blog.db")
                    .poolSize(10)                          // connections; readers never block each other
                    .busyTimeout(Duration.ofSeconds(10))   // how long a write waits for another writer
                    .migrateOnOpen(true)                   // false: refuse a database with pending migrations
                    .clock(Clock.systemUTC())              // stamps created_at; tests may pass a fixed clock
                    .build();
            Blog blog = Blog.open(config);
            // end snippet
            assertThat(config.poolSize()).isEqualTo(10);
            blog.close();
        });
    }

    @Test
    void crud() {
        // snippet: crud
        // Create
        User alice = repo.createUser("alice", "alice@example.com");
        Post post1 = repo.createPost(alice.getId(), "Hello BlogKit", "Getting started.", false);
        Post post2 = repo.createPost(alice.getId(), "Async BlogKit", "Many threads, one Blog.", true);

        // Read
        Optional<User> byId = repo.findUser(alice.getId());
        User byName = repo.findUserByUsername("Alice").orElseThrow();   // without regard to case: finds alice
        User byEmail = repo.findUserByEmail("ALICE@example.com").orElseThrow();
        List<Post> newestFirst = repo.postsByAuthor(alice.getId());   // each post's author loaded

        // Update: the change runs inside one transaction, is validated, then committed
        repo.updatePost(post1.getId(), post -> {
            post.setPublished(true);
            post.setTitle("Hello BlogKit (updated)");
        });
        repo.updateUser(alice.getId(), user -> user.setBio("Writes about Java."));
        // or set fields without loading the post: one UPDATE; null keeps a field (here the body)
        repo.editPost(post2.getId(), new PostEdit("Async BlogKit, revised", null, true));   // false if no such post

        // Delete
        repo.deletePost(post2.getId());        // false if there was no such post
        repo.deleteUser(alice.getId());        // the database deletes her posts too (ON DELETE CASCADE)
        // end snippet
        assertThat(byId).isPresent();
        assertThat(List.of(byName.getId(), byEmail.getId())).containsOnly(alice.getId());
        assertThat(newestFirst).hasSize(2);
        assertThat(repo.findPost(post1.getId())).isEmpty();
    }

    @Test
    void userWithPosts() {
        // snippet: user-with-posts
        long aliceId = repo.createUser("alice", "alice@example.com").getId();
        repo.createPost(aliceId, "Hello", "First post.", true);
        User alice = repo.findUserWithPosts(aliceId).orElseThrow();   // one SQL statement, however many posts
        for (Post post : alice.getPosts()) {                          // oldest first
            System.out.println(post.getTitle() + " - published=" + post.isPublished());
        }
        // end snippet
        assertThat(alice.getPosts()).extracting(Post::getTitle).containsExactly("Hello");
    }

    @Test
    void listings() {
        long authorId = repo.createUser("alice", "alice@example.com").getId();
        repo.createPost(authorId, "Hello", "First post.", true);
        // snippet: listings
        List<Post> page = repo.listPublishedPosts(1, 10);   // page counts from 1; 1 to 100 posts a page

        // the same page for a view that shows posts: records with each post's columns and its author's id and username
        for (PostView post : repo.listPublishedPostViews(1, 10)) {
            System.out.println(post.title() + " by " + post.authorUsername());
        }
        // end snippet
        assertThat(page).hasSize(1);
    }

    @Test
    void counts() {
        repo.createPost(repo.createUser("alice", "alice@example.com").getId(), "Hello", "First post.", true);
        // snippet: counts
        long published = repo.countPublishedPosts();
        for (UserPostCount row : repo.postCountsByUser()) {       // users without posts too; most posts first
            System.out.println(row.username() + " " + row.postCount());
        }
        // end snippet
        assertThat(published).isEqualTo(1);
    }

    @Test
    void bulkAndKeyset() {
        // snippet: bulk-and-keyset
        // many rows in one transaction, JDBC-batched; a bad row rejects the whole call, naming its index
        List<User> users = repo.createUsers(List.of(new NewUser("carol", "carol@example.com"), new NewUser("dave", "dave@example.com")));
        List<Post> posts = repo.createPosts(List.of(new NewPost(users.get(0).getId(), "Hello", "...", true)));

        // keyset pagination: the cost does not grow with depth; the cursor is opaque URL-safe text, signed with a key
        // of this database (an altered or foreign cursor is an InvalidInputException)
        CursorPage<Post> page = repo.publishedPosts(null, 20);
        CursorPage<Post> next = repo.publishedPosts(page.nextCursor(), 20);   // nextCursor() is null after the last page

        // every published post, newest first, in one read transaction and constant memory: feeds, exports
        List<String> feed = new ArrayList<>();
        long exported = repo.forEachPublishedPost(post -> feed.add(post.getTitle()));
        // end snippet
        assertThat(posts).hasSize(1);
        assertThat(page.items()).hasSize(1);
        assertThat(next).isNotNull();
        assertThat(exported).isEqualTo(1);
        assertThat(feed).containsExactly("Hello");
    }

    @Test
    void editorialModel() {
        User alice = repo.createUser("alice", "alice@example.com");
        // snippet: editorial-model
        // permalinks: derived from the title (lower case, ASCII-folded, words joined by '-', unique with -2, -3, ...)
        Post post = repo.createPost(alice.getId(), "Crème brûlée, at last!", "...", false);
        post.getSlug();                                              // "creme-brulee-at-last"
        repo.createPost(alice.getId(), "Hello", "...", false, "my-hello");   // or chosen (DuplicateException if taken)
        repo.updatePost(post.getId(), p -> p.setSlug("creme-brulee"));       // the old slug keeps finding the post
        String requested = "creme-brulee-at-last";                   // the slug a reader's link asked for
        Post found = repo.findPostBySlug(requested).orElseThrow();
        if (!found.getSlug().equals(requested)) { /* 301 to the current permalink */ }

        // publication: a draft, scheduled, or published; listings show a scheduled post from its time on, no job to run
        repo.schedulePost(post.getId(), Instant.parse("2030-01-01T08:00:00Z"));
        repo.publishPost(post.getId());        // now (a published post keeps its time)
        repo.unpublishPost(post.getId());      // a draft again
        post.getPublishedAt();                 // null for a draft; listings order by it, newest first

        // edit conflicts: every real change increases version and sets updatedAt from BlogKit's clock
        Post opened = repo.findPost(post.getId()).orElseThrow();          // the editor's form holds opened.getVersion()
        String formBody = "The body as the editor saved it.";
        try {
            repo.updatePost(post.getId(), opened.getVersion(), p -> p.setBody(formBody));
            // or without loading the post, one UPDATE: repo.editPost(post.getId(), opened.getVersion(), new PostEdit(null, formBody, null))
        } catch (ConflictException e) {
            // someone saved in between: nothing was written; e.currentVersion() is the version to show and retry from
        }
        repo.editUser(alice.getId(), new UserEdit(null, null, "New bio"));   // unversioned: last write wins

        // tags: created on first use; "Java" and "java" are one tag (slug "java")
        repo.tagPost(post.getId(), "Java", "Databases");
        repo.findPost(post.getId()).orElseThrow().getTags();                // loaded by findPost and findPostBySlug
        CursorPage<PostView> tagged = repo.publishedPostsByTag("java", null, 20);   // keyset, one statement a page
        for (TagCount row : repo.tagCounts()) { /* published posts per tag, most first */ }
        repo.untagPost(post.getId(), "Databases");   // the tag stays until deleteTag("databases")
        // end snippet
        assertThat(found.getSlug()).isEqualTo("creme-brulee");
        assertThat(repo.findPost(post.getId()).orElseThrow().getBody()).isEqualTo(formBody);
        assertThat(tagged.items()).isEmpty();
    }

    @Test
    void searchPagesUsersAndTransactions() {
        // snippet: search-pages-users
        // full-text search over published posts: best match first, a page with its totals (see "Search" below)
        Page<SearchHit> hits = repo.searchPosts("sqlite \"write ahead\" migrat* -mysql", 1, 10);
        for (SearchHit hit : hits.items()) {
            System.out.println(hit.post().title() + ": " + hit.snippet());   // "... the <mark>migration</mark> ..."
        }
        System.out.println("page " + hits.page() + " of " + hits.totalPages() + " (" + hits.totalItems() + " posts)");

        // numbered pages that know their totals: items and totals read in one transaction (one snapshot)
        Page<PostView> page3 = repo.publishedPostsPage(3, 10);

        // users: unique and found without regard to case, stored as typed; pages of users, of an author's posts
        // (drafts and scheduled included, newest first) and of post counts, by keyset
        User alice = repo.createUser("Alice", "alice@example.com");
        try {
            repo.createUser("alice", "other@example.com");
        } catch (DuplicateException e) {
            // "alice" is "Alice": nothing was written
        }
        CursorPage<User> users = repo.listUsers(null, 50);             // oldest first; users.nextCursor() for the next
        CursorPage<Post> mine = repo.postsByAuthor(alice.getId(), null, 20);
        CursorPage<UserPostCount> counts = repo.postCountsByUser(null, 20);   // most posts first; each row has userId()

        // calls that share one transaction: all or nothing
        Post first = blog.inRepositoryTransaction(r -> {
            User user = r.createUser("bob", "bob@example.com");
            return r.createPost(user.getId(), "Hello", "My first post", true);
        });
        // end snippet
        assertThat(hits.totalItems()).isZero();
        assertThat(page3.items()).isEmpty();
        assertThat(users.items()).extracting(User::getUsername).containsExactly("Alice");
        assertThat(mine.items()).isEmpty();
        assertThat(counts.items()).hasSize(1);
        assertThat(first.getId()).isNotNull();
    }

    @Test
    void migrations() throws IOException {
        inTheWorkingDirectory(() -> {
            // snippet: migrations
            Migrations migrations = Migrations.on("jdbc:sqlite:blog.db");
            migrations.migrate("1");                     // up to version 1 only
            migrations.migrate();                        // alembic upgrade head
            migrations.undo();                           // alembic downgrade -1 (saves a copy of the file first)
            migrations.currentVersion();                 // Optional[9]: the newest version but one
            migrations.history();                        // every version: applied or pending, and when
            migrations.validate().problems();            // [V10 ... is pending: run migrate]; empty when all is well
            migrations.dryRun().migrate().sql();         // the SQL, in order, not run
            migrations.undoTo("0");                      // back to the empty schema
            // end snippet
            assertThat(migrations.currentVersion()).isEmpty();
            assertThat(migrations.history()).hasSizeGreaterThanOrEqualTo(10);
        });
    }

    @Test
    void applicationEntities() throws IOException {
        inTheWorkingDirectory(() -> {
            // snippet: application-entities
            BlogConfig config = BlogConfig.builder("jdbc:sqlite:blog.db")
                    .entities(Comment.class)
                    .migrations("classpath:db/comments", "comments_schema_history")  // db/comments/migration/sqlite/V1__....sql
                    .build();
            try (Blog blog = Blog.open(config)) {
                long authorId = blog.repository().createUser("carol", "carol@example.com").getId();
                Post post = blog.repository().createPost(authorId, "Hello", "First post", true);
                blog.inTransaction(session -> {
                    session.persist(new Comment(session.getReference(Post.class, post.getId()), "Nice post!", Instant.now()));
                    return null;
                });
            }
            // end snippet
            assertThat(dev.blogkit.TestDatabase.count(Path.of("blog.db"), "SELECT count(*) FROM comments")).isEqualTo(1);
        });
    }

    @Test
    void readReplicas() {
        String password = "";
        // snippet: read-replicas
        BlogConfig config = BlogConfig.builder("jdbc:postgresql://db-primary:5432/blog")
                .credentials("blog", password)                         // the replicas use them too
                .readReplicas("jdbc:postgresql://db-replica-1:5432/blog",
                              "jdbc:postgresql://db-replica-2:5432/blog")
                .build();
        // end snippet
        assertThat(config.readReplicas()).extracting(BlogConfig.ReadReplica::displayName)
                .containsExactly("jdbc:postgresql://db-replica-1:5432/blog", "jdbc:postgresql://db-replica-2:5432/blog");
    }

    @Test
    void writeTokens() {
        long postId = repo.createPost(repo.createUser("alice", "alice@example.com").getId(), "Hello", "...", false).getId();
        Map<String, String> userSession = new HashMap<>();
        // snippet: write-tokens
        // instance A, after the user publishes; userSession: what the application keeps per user (a cookie, a session)
        repo.publishPost(postId);
        userSession.put("blogkit.writes", blog.writeToken());

        // instance B, the next page the user opens
        String token = userSession.get("blogkit.writes");
        BlogRepository reader = token == null ? blog.repository() : blog.repositoryAfter(token);
        reader.findPost(postId);    // sees the publish: from a replica that replayed it, or from the primary
        // end snippet
        assertThat(reader.findPost(postId).orElseThrow().isPublished()).isTrue();
    }

    @Test
    void metrics() throws IOException {
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        inTheWorkingDirectory(() -> {
            // snippet: metrics
            Blog blog = Blog.open(BlogConfig.builder("jdbc:sqlite:blog.db").meterRegistry(meterRegistry).build());
            // end snippet
            blog.repository().countPublishedPosts();
            blog.close();
        });
        assertThat(meterRegistry.getMeters()).isNotEmpty();
    }

    /**
     * Runs a snippet that names {@code jdbc:sqlite:blog.db} in the working directory, where there must be no such
     * file (a developer's demo database is never touched: the snippet is skipped then), and removes every file it made.
     */
    private static void inTheWorkingDirectory(Runnable snippet) throws IOException {
        Path here = Path.of("").toAbsolutePath();
        org.assertj.core.api.Assumptions.assumeThat(here.resolve("blog.db")).as("a blog.db of the developer's is here")
                .doesNotExist();
        List<Path> before = blogFiles(here);
        try {
            snippet.run();
        } finally {
            for (Path file : blogFiles(here)) {
                if (!before.contains(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static List<Path> blogFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("blog.")).toList();
        }
    }
}
