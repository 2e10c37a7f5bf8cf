package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostsTest extends OnEachDatabase {

    User alice;

    @BeforeEach
    void seed() {
        alice = repo.createUser("alice", "alice@example.com");
    }

    @Test
    void createPostStoresThePostAndReturnsItWithItsAuthor() {
        Post post = repo.createPost(alice.getId(), "First post", "Hello world!", true);

        assertThat(post.getId()).isPositive();
        assertThat(post.getTitle()).isEqualTo("First post");
        assertThat(post.getBody()).isEqualTo("Hello world!");
        assertThat(post.isPublished()).isTrue();
        assertThat(post.getAuthor().getUsername()).isEqualTo("alice");
        assertThat(post.getCreatedAt()).isAfter(alice.getCreatedAt());
        assertThat(target.rows("SELECT author_id, title, body, published FROM posts").get(0))
                .containsEntry("author_id", alice.getId())
                .containsEntry("title", "First post")
                .containsEntry("body", "Hello world!")
                .satisfies(row -> assertThat(row.get("published")).isIn(1L, true));
    }

    @Test
    void createPostForAMissingAuthorIsNotFoundAndStoresNothing() {
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.createPost(alice.getId() + 100, "Orphan", "body", true))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(String.valueOf(alice.getId() + 100));
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void acceptsAnEmptyBodyAndTitlesOfOneAndTwoHundredFiftySixCharacters() {
        repo.createPost(alice.getId(), "t", "", false);
        repo.createPost(alice.getId(), "t".repeat(256), "body", false);

        assertThat(repo.postsByAuthor(alice.getId())).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\u00A0", "\u2007", "\u202F\u202F", "\u0085", "\u200B\u200D"})
    void rejectsABlankTitle(String title) {
        assertRejected("title", () -> repo.createPost(alice.getId(), title, "body", true));
    }

    @Test
    void rejectsATitleOfTwoHundredFiftySevenCharactersANullTitleAndANullBody() {
        assertRejected("title", () -> repo.createPost(alice.getId(), "t".repeat(257), "body", true));
        assertRejected("title", () -> repo.createPost(alice.getId(), null, "body", true));
        assertRejected("body", () -> repo.createPost(alice.getId(), "title", null, true));
        assertRejected("body", () -> repo.createPost(alice.getId(), "title", "nul\0", true));
    }

    @Test
    void updatePostRefusesAChangeToTheAuthorItReachesAndWritesNothing() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);

        assertRejected("change", () -> repo.updatePost(post.getId(), p -> {
            p.setTitle("Changed");
            p.getAuthor().setUsername("mallory");
        }));
        assertThat(repo.findUser(alice.getId()).orElseThrow().getUsername()).isEqualTo("alice");
        assertThat(repo.findPost(post.getId()).orElseThrow().getTitle()).isEqualTo("Hello");
    }

    @Test
    void rejectsAnUnpairedSurrogateInTitleOrBodyOfSingleAndBulkCalls() {
        assertRejected("title", () -> repo.createPost(alice.getId(), "a\uD800b", "body", true));
        assertRejected("body", () -> repo.createPost(alice.getId(), "title", "tail \uDBFF", true));
        assertRejected("title", () -> repo.createPosts(java.util.List.of(new NewPost(alice.getId(), "fine", "body", true),
                new NewPost(alice.getId(), "\uDC00", "body", true))));
        assertRejected("body", () -> repo.createPosts(java.util.List.of(new NewPost(404L, "t", "\uD800", true))));
    }

    @Test
    void findPostReturnsThePostWithItsAuthorOrEmpty() {
        Post created = repo.createPost(alice.getId(), "First post", "Hello world!", true);

        Post found = repo.findPost(created.getId()).orElseThrow();

        assertThat(found).isEqualTo(created);
        assertThat(found.getTitle()).isEqualTo("First post");
        assertThat(found.getCreatedAt()).isEqualTo(created.getCreatedAt());
        assertThat(found.getAuthor().getEmail()).isEqualTo("alice@example.com");
        assertThat(repo.findPost(created.getId() + 1)).isEmpty();
    }

    @Test
    void postsByAuthorListsOnlyThatAuthorsPostsNewestFirst() {
        User bob = repo.createUser("bob", "bob@example.com");
        Post first = repo.createPost(alice.getId(), "first", "body", true);
        repo.createPost(bob.getId(), "bob's", "body", true);
        Post second = repo.createPost(alice.getId(), "second", "body", false);
        Post third = repo.createPost(alice.getId(), "third", "body", true);

        assertThat(repo.postsByAuthor(alice.getId())).containsExactly(third, second, first)
                .allSatisfy(p -> assertThat(p.getAuthor().getUsername()).isEqualTo("alice"));
        assertThat(repo.postsByAuthor(bob.getId() + 1)).isEmpty();
    }

    @Test
    void updatePostAppliesTheChangeAndReturnsThePostWithItsAuthor() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);

        Post updated = repo.updatePost(post.getId(), p -> {
            p.setPublished(true);
            p.setTitle("Hello (updated)");
            p.setBody("new body");
        }).orElseThrow();

        assertThat(updated.getTitle()).isEqualTo("Hello (updated)");
        assertThat(updated.getAuthor().getUsername()).isEqualTo("alice");
        Post reloaded = repo.findPost(post.getId()).orElseThrow();
        assertThat(reloaded.isPublished()).isTrue();
        assertThat(reloaded.getTitle()).isEqualTo("Hello (updated)");
        assertThat(reloaded.getBody()).isEqualTo("new body");
        assertThat(reloaded.getCreatedAt()).isEqualTo(post.getCreatedAt());
    }

    @Test
    void updatePostOfAMissingPostIsEmpty() {
        assertThat(repo.updatePost(99, p -> p.setTitle("x"))).isEmpty();
    }

    @Test
    void updatePostRejectsAChangeThatBreaksARuleAndKeepsThePost() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.updatePost(post.getId(), p -> {
            p.setPublished(true);
            p.setTitle("");
        })).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("title"));
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void updatePostRefusesEveryChangeToTheAuthorItReachesValidOrNot() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);
        repo.createUser("bob", "bob@example.com");
        var before = target.snapshot();

        for (java.util.function.Consumer<Post> change : List.<java.util.function.Consumer<Post>>of(
                p -> p.getAuthor().setEmail("not an email"),
                p -> p.getAuthor().setUsername("bob"),
                p -> p.getAuthor().setBio("a valid bio"))) {
            assertThatThrownBy(() -> repo.updatePost(post.getId(), change))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("change"))
                    .hasMessageContaining("updateUser");
        }
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void updatePostThatBreaksARuleWritesNothing() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.updatePost(post.getId(), p -> {
            p.setPublished(true);
            p.setTitle("");
        })).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("title"));
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void updatePostDoesNotLoadTheAuthorsPostsAndSaysSo() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.updatePost(post.getId(), p -> {
            p.setTitle("changed");
            p.getAuthor().getPosts();
        })).isInstanceOf(NotLoadedException.class).hasMessageContaining("findUserWithPosts");
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void editPostSetsTheGivenFieldsAndKeepsTheOthers() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);
        Post other = repo.createPost(alice.getId(), "Other", "other body", false);

        assertThat(repo.editPost(post.getId(), new PostEdit("Hello (edited)", null, true))).isTrue();

        Post edited = repo.findPost(post.getId()).orElseThrow();
        assertThat(edited.getTitle()).isEqualTo("Hello (edited)");
        assertThat(edited.isPublished()).isTrue();
        assertThat(edited.getBody()).isEqualTo("body");
        assertThat(edited.getCreatedAt()).isEqualTo(post.getCreatedAt());
        assertThat(edited.getAuthor().getId()).isEqualTo(alice.getId());
        Post untouched = repo.findPost(other.getId()).orElseThrow();
        assertThat(untouched.getTitle()).isEqualTo("Other");
        assertThat(untouched.isPublished()).isFalse();
    }

    @Test
    void editPostCanEmptyTheBodyAndUnpublishAlone() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", true);

        assertThat(repo.editPost(post.getId(), new PostEdit(null, "", null))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow())
                .extracting(Post::getTitle, Post::getBody, Post::isPublished)
                .containsExactly("Hello", "", true);

        assertThat(repo.editPost(post.getId(), new PostEdit(null, null, false))).isTrue();
        assertThat(repo.findPost(post.getId()).orElseThrow())
                .extracting(Post::getTitle, Post::getBody, Post::isPublished)
                .containsExactly("Hello", "", false);
    }

    @Test
    void editPostOfAMissingPostIsFalseAndWritesNothing() {
        repo.createPost(alice.getId(), "Hello", "body", false);
        var before = target.snapshot();

        assertThat(repo.editPost(99, new PostEdit("x", null, true))).isFalse();
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void editPostRejectsANewValueThatBreaksARuleAndWritesNothing() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);

        assertRejected("title", () -> repo.editPost(post.getId(), new PostEdit("  ", null, true)));
        assertRejected("title", () -> repo.editPost(post.getId(), new PostEdit("t".repeat(257), null, true)));
        assertRejected("body", () -> repo.editPost(post.getId(), new PostEdit("ok", "a\0b", true)));
    }

    @Test
    void editPostRejectsANullEditAndAnEditThatSetsNothing() {
        Post post = repo.createPost(alice.getId(), "Hello", "body", false);

        assertRejected("edit", () -> repo.editPost(post.getId(), null));
        assertRejected("edit", () -> repo.editPost(post.getId(), new PostEdit(null, null, null)));
    }

    @Test
    void deletePostDeletesOnlyThatPost() {
        Post keep = repo.createPost(alice.getId(), "keep", "body", true);
        Post drop = repo.createPost(alice.getId(), "drop", "body", true);

        assertThat(repo.deletePost(drop.getId())).isTrue();

        assertThat(repo.findPost(drop.getId())).isEmpty();
        assertThat(repo.postsByAuthor(alice.getId())).containsExactly(keep);
        assertThat(repo.deletePost(drop.getId())).isFalse();
    }

    private void assertRejected(String field, Runnable call) {
        target.assertRejectedAndUnchanged(field, call);
    }
}
