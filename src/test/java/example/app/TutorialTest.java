package example.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.blogkit.Blog;
import dev.blogkit.BlogException;
import dev.blogkit.BlogRepository;
import dev.blogkit.DuplicateException;
import dev.blogkit.NotLoadedException;
import dev.blogkit.PostView;
import dev.blogkit.UserPostCount;
import dev.blogkit.testing.BlogKitTest;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every step of the SQLAlchemy tutorial, through BlogKit's public API only, from a package of an application's
 * own: what README's "API tour" shows, and how an application tests its code: {@link BlogKitTest} gives each test
 * a fresh blog on a temporary SQLite file, and in a PostgreSQL schema of its own too when
 * {@code BLOGKIT_TEST_POSTGRES_URL} is set.
 */
@BlogKitTest
class TutorialTest {

    Blog blog;
    BlogRepository repo;

    @BeforeEach
    void openBlog(Blog blog) {
        this.blog = blog;
        this.repo = blog.repository();
    }

    @Test
    void crudCreateReadUpdateDelete() {
        // Create
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        Post post1 = repo.createPost(alice.getId(), "Hello SQLAlchemy", "Getting started with the ORM.", false);
        Post post2 = repo.createPost(alice.getId(), "Async SQLAlchemy", "Using asyncio with SQLAlchemy 2.", true);
        assertThat(bob.getId()).isNotEqualTo(alice.getId());
        assertThat(post2.getId()).isNotEqualTo(post1.getId());

        // Read: by primary key, with a filter, all posts of alice newest first
        assertThat(repo.findUser(alice.getId())).contains(alice);
        assertThat(repo.findUserByUsername("alice").orElseThrow().getEmail()).isEqualTo("alice@example.com");
        assertThat(repo.postsByAuthor(alice.getId())).extracting(Post::getTitle, Post::isPublished)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Async SQLAlchemy", true),
                        org.assertj.core.groups.Tuple.tuple("Hello SQLAlchemy", false));

        // Update
        Post updated = repo.updatePost(post1.getId(), p -> {
            p.setPublished(true);
            p.setTitle("Hello SQLAlchemy (updated)");
        }).orElseThrow();
        assertThat(updated.getTitle()).isEqualTo("Hello SQLAlchemy (updated)");

        // Delete
        assertThat(repo.deletePost(post2.getId())).isTrue();
        assertThat(repo.findPost(post2.getId())).isEmpty();
    }

    @Test
    void relationshipsAndEagerLoading() {
        User alice = repo.createUser("alice", "alice@example.com");
        repo.createPost(alice.getId(), "one", "body", true);
        repo.createPost(alice.getId(), "two", "body", false);

        User loaded = repo.findUserWithPosts(alice.getId()).orElseThrow();
        User notLoaded = repo.findUser(alice.getId()).orElseThrow();

        assertThat(loaded.getPosts()).extracting(Post::getTitle).containsExactly("one", "two");
        assertThatThrownBy(notLoaded::getPosts).isInstanceOf(NotLoadedException.class)
                .hasMessageContaining("findUserWithPosts");
    }

    @Test
    void filterOrderAndPaginate() {
        User alice = repo.createUser("alice", "alice@example.com");
        for (int i = 1; i <= 7; i++) {
            repo.createPost(alice.getId(), "post " + i, "body", true);
        }

        assertThat(repo.listPublishedPosts(1, 5)).extracting(Post::getTitle)
                .containsExactly("post 7", "post 6", "post 5", "post 4", "post 3");
        assertThat(repo.listPublishedPosts(2, 5)).extracting(Post::getTitle).containsExactly("post 2", "post 1");
        assertThat(repo.listPublishedPostViews(2, 5)).extracting(PostView::title, PostView::authorUsername)
                .containsExactly(tuple("post 2", "alice"), tuple("post 1", "alice"));
    }

    @Test
    void countAndAggregate() {
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        repo.createPost(alice.getId(), "published", "body", true);
        repo.createPost(alice.getId(), "draft", "body", false);

        assertThat(repo.countPublishedPosts()).isEqualTo(1);
        assertThat(repo.postCountsByUser()).containsExactly(new UserPostCount(alice.getId(), "alice", 2),
                new UserPostCount(bob.getId(), "bob", 0));
    }

    @Test
    void fullWorkingExample() {
        User alice = repo.createUser("alice", "alice@example.com");
        repo.createPost(alice.getId(), "First post", "Hello world!", true);
        repo.createPost(alice.getId(), "Draft", "Work in progress.", false);

        User user = repo.findUserWithPosts(alice.getId()).orElseThrow();

        assertThat(user.getUsername() + " has " + user.getPosts().size() + " posts:").isEqualTo("alice has 2 posts:");
        assertThat(user.getPosts()).extracting(p -> "  - " + p.getTitle() + " (published=" + p.isPublished() + ")")
                .containsExactly("  - First post (published=true)", "  - Draft (published=false)");
    }

    @Test
    void addAColumnLaterTheUsersBio() {
        User alice = repo.createUser("alice", "alice@example.com");

        repo.updateUser(alice.getId(), u -> u.setBio("Writes about databases."));

        assertThat(repo.findUser(alice.getId()).orElseThrow().getBio()).isEqualTo("Writes about databases.");
    }

    @Test
    void everyFailureIsABlogException() {
        repo.createUser("alice", "alice@example.com");

        assertThatThrownBy(() -> repo.createUser("alice", "other@example.com"))
                .isInstanceOf(DuplicateException.class)
                .isInstanceOf(BlogException.class);
    }
}
