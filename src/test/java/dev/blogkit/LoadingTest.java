package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each method loads, and in how many SQL statements: the numbers are exact, so that an N+1 cannot come
 * back unnoticed. Counted: every statement Hibernate prepares, the query that allocates ids included.
 */
class LoadingTest extends OnEachDatabase {

    User alice;

    @BeforeEach
    void seed() {
        alice = repo.createUser("alice", "alice@example.com");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 150})
    void findUserWithPostsLoadsEveryPostInOneStatement(int posts) {
        for (int i = 0; i < posts; i++) {
            repo.createPost(alice.getId(), "post " + i, "body " + i, i % 2 == 0);
        }

        User user = statements(1, () -> repo.findUserWithPosts(alice.getId()).orElseThrow());

        assertThat(user.getPosts()).hasSize(posts);
        assertThat(user.getPosts()).extracting(Post::getTitle).startsWith(posts == 0 ? new String[0] : new String[] {"post 0"});
        assertThat(user.getPosts()).allSatisfy(p -> {
            assertThat(p.getAuthor()).isSameAs(user);
            assertThat(p.getBody()).startsWith("body");
        });
    }

    @Test
    void findUserWithPostsListsPostsOldestFirst() {
        Post first = repo.createPost(alice.getId(), "First post", "Hello world!", true);
        Post draft = repo.createPost(alice.getId(), "Draft", "Work in progress.", false);

        assertThat(repo.findUserWithPosts(alice.getId()).orElseThrow().getPosts()).containsExactly(first, draft);
        assertThat(repo.findUserWithPosts(alice.getId() + 1)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 100})
    void aPageOfPostsWithTheirAuthorsTakesOneStatementWhateverItsSizeOrDepth(int perPage) {
        for (int u = 0; u < 5; u++) {
            User author = repo.createUser("user" + u, "user" + u + "@example.com");
            for (int i = 0; i < 30; i++) {
                repo.createPost(author.getId(), "post " + i, "body", true);
            }
        }

        List<Post> page = statements(1, () -> repo.listPublishedPosts(1, perPage));
        assertThat(statements(1, () -> repo.listPublishedPosts(2, perPage))).hasSize(Math.min(perPage, 150 - perPage));

        assertThat(page).hasSize(perPage);
        assertThat(page).allSatisfy(p -> assertThat(p.getAuthor().getUsername()).startsWith("user"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10})
    void aPageOfPostViewsTakesOneStatementWhateverItsDepthAndReadsNoUserColumnButIdAndUsername(int page) {
        for (int i = 0; i < 120; i++) {
            repo.createPost(alice.getId(), "post " + i, "body", true);
        }

        List<PostView> views = statements(1, () -> repo.listPublishedPostViews(page, 10));
        assertThat(sql.statements()).singleElement().asString().doesNotContainIgnoringCase("email")
                .doesNotContainIgnoringCase("bio");
        CursorPage<PostView> first = statements(1, () -> repo.publishedPostViews(null, 10));
        statements(1, () -> repo.publishedPostViews(first.nextCursor(), 10));

        assertThat(views).hasSize(10).allSatisfy(view -> assertThat(view.authorUsername()).isEqualTo("alice"));
    }

    @Test
    void aPagePastTheLastOneTakesOneStatement() {
        repo.createPost(alice.getId(), "only", "body", true);

        assertThat(statements(1, () -> repo.listPublishedPosts(2, 10))).isEmpty();
    }

    @Test
    void findPostAndPostsByAuthorTakeOneStatementWithAuthorsLoaded() {
        for (int i = 0; i < 20; i++) {
            repo.createPost(alice.getId(), "post " + i, "body", true);
        }

        Post post = statements(1, () -> repo.findPost(1).orElseThrow());
        List<Post> posts = statements(1, () -> repo.postsByAuthor(alice.getId()));

        assertThat(post.getAuthor().getUsername()).isEqualTo("alice");
        assertThat(posts).hasSize(20).allSatisfy(p -> assertThat(p.getAuthor().getUsername()).isEqualTo("alice"));
    }

    @Test
    void writesTakeTheStatementsTheyNeedAndNoMore() {
        Post post = repo.createPost(alice.getId(), "post", "body", false);
        boolean sqlite = kind == TestTarget.Kind.SQLITE;
        // select the author, the id, claim the slug, insert. The id: on SQLite read in every write transaction (which
        // holds the write lock); on PostgreSQL from a block of 50 the sequence gave (the first create took 1 to 50,
        // so these 50 creates use 49 of them and ask for one more block)
        statements(50 * 3 + (sqlite ? 50 : 1), () -> {
            for (int i = 0; i < 50; i++) {
                repo.createPost(alice.getId(), "more " + i, "body", true);
            }
            return null;
        });
        statements(sqlite ? 4 : 3, () -> repo.createPost(alice.getId(), "one more", "body", true));
        // select the post with its author, update it; on PostgreSQL, where writers run side by side, lock the row
        // first (SQLite's write transaction holds the database)
        statements(sqlite ? 2 : 3, () -> repo.updatePost(post.getId(), p -> p.setPublished(true)));
        // nothing changed: no update
        statements(sqlite ? 1 : 2, () -> repo.updatePost(post.getId(), p -> p.setPublished(true)));
        statements(sqlite ? 2 : 3, () -> repo.updateUser(alice.getId(), u -> u.setBio("bio")));
        // the versioned calls read the version first, locking the row on PostgreSQL
        statements(3, () -> repo.updatePost(post.getId(), 1, p -> p.setTitle("versioned")));
        statements(1, () -> repo.editPost(post.getId(), 2, new PostEdit("versioned again", null, null)));
        // the post's version (and lock), one INSERT per new tag, their ids, one INSERT per tagging, the new version
        statements(7, () -> repo.tagPost(post.getId(), "a", "b"));
        statements(1, () -> repo.unpublishPost(post.getId()));
        statements(1, () -> repo.publishPost(post.getId()));
        // published already: the UPDATE changes nothing, then whether the post exists
        statements(2, () -> repo.publishPost(post.getId()));
        // the UPDATE alone: nothing is loaded
        statements(1, () -> repo.editPost(post.getId(), new PostEdit("retitled", null, false)));
        statements(1, () -> repo.deletePost(post.getId()));
        // the database cascades to the 51 posts: none is loaded
        statements(1, () -> repo.deleteUser(alice.getId()));
        assertThat(target.count("SELECT count(*) FROM posts")).isZero();
    }

    @Test
    void countsTakeOneStatement() {
        repo.createPost(alice.getId(), "post", "body", true);

        assertThat(statements(1, () -> repo.countPublishedPosts())).isEqualTo(1);
        assertThat(statements(1, () -> repo.postCountsByUser())).hasSize(1);
    }

    @Test
    void readingPostsThatWereNotLoadedSaysWhichMethodLoadsThem() {
        repo.createPost(alice.getId(), "post", "body", true);

        for (User user : List.of(repo.findUser(alice.getId()).orElseThrow(),
                repo.findUserByUsername("alice").orElseThrow(),
                repo.updateUser(alice.getId(), u -> u.setBio("bio")).orElseThrow(),
                repo.findPost(1).orElseThrow().getAuthor())) {
            assertThatThrownBy(user::getPosts)
                    .isInstanceOf(NotLoadedException.class)
                    .isInstanceOf(BlogException.class)
                    .hasMessageContaining("findUserWithPosts");
        }
    }

    @Test
    void aChangeConsumerMayReadPostsInsideItsTransaction() {
        repo.createPost(alice.getId(), "post", "body", true);

        User user = repo.updateUser(alice.getId(), u -> u.setBio("has " + u.getPosts().size() + " post")).orElseThrow();

        assertThat(user.getBio()).isEqualTo("has 1 post");
        assertThat(user.getPosts()).hasSize(1);
    }

    private <T> T statements(int expected, Supplier<T> call) {
        sql.clear();
        T result = call.get();
        assertThat(sql.statements()).as("SQL statements").hasSize(expected);
        return result;
    }
}
