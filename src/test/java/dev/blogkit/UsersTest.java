package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsersTest extends OnEachDatabase {

    @Test
    void createUserStoresTheUserAndReturnsItWithIdAndCreationTime() {
        User alice = repo.createUser("alice", "alice@example.com");

        assertThat(alice.getId()).isPositive();
        assertThat(alice.getUsername()).isEqualTo("alice");
        assertThat(alice.getEmail()).isEqualTo("alice@example.com");
        assertThat(alice.getBio()).isNull();
        assertThat(alice.getCreatedAt()).isNotNull();
        assertThat(alice.getPosts()).isEmpty();
        assertThat(target.rows("SELECT id, username, email FROM users"))
                .containsExactly(Map.of("id", alice.getId(), "username", "alice", "email", "alice@example.com"));
    }

    @Test
    void findUserReturnsTheStoredUserOrEmpty() {
        User alice = repo.createUser("alice", "alice@example.com");

        User found = repo.findUser(alice.getId()).orElseThrow();

        assertThat(found).isEqualTo(alice);
        assertThat(found.getUsername()).isEqualTo("alice");
        assertThat(found.getCreatedAt()).isEqualTo(alice.getCreatedAt());
        assertThat(repo.findUser(alice.getId() + 1)).isEmpty();
    }

    @Test
    void findUserByUsernameMatchesTheWholeNameWithoutRegardToCase() {
        User alice = repo.createUser("alice", "alice@example.com");
        repo.createUser("alicia", "alicia@example.com");

        assertThat(repo.findUserByUsername("alice")).contains(alice);
        assertThat(repo.findUserByUsername("Alice")).contains(alice);
        assertThat(repo.findUserByUsername("ali")).isEmpty();
        assertThatThrownBy(() -> repo.findUserByUsername(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("username");
    }

    @Test
    void updateUserAppliesTheChangeAndReturnsTheSavedUser() {
        User alice = repo.createUser("alice", "alice@example.com");

        User updated = repo.updateUser(alice.getId(), u -> {
            u.setEmail("alice@blog.example");
            u.setBio("Writes about databases.");
        }).orElseThrow();

        assertThat(updated.getEmail()).isEqualTo("alice@blog.example");
        assertThat(updated.getBio()).isEqualTo("Writes about databases.");
        User reloaded = repo.findUser(alice.getId()).orElseThrow();
        assertThat(reloaded.getEmail()).isEqualTo("alice@blog.example");
        assertThat(reloaded.getBio()).isEqualTo("Writes about databases.");
        assertThat(reloaded.getCreatedAt()).isEqualTo(alice.getCreatedAt());
    }

    @Test
    void updateUserOfAMissingUserIsEmptyAndRunsNoChange() {
        boolean[] ran = {false};

        assertThat(repo.updateUser(42, u -> ran[0] = true)).isEmpty();
        assertThat(ran[0]).isFalse();
    }

    @Test
    void updateUserRejectsAChangeThatBreaksARuleAndKeepsTheUser() {
        User alice = repo.createUser("alice", "alice@example.com");
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.updateUser(alice.getId(), u -> {
            u.setBio("a bio that would be saved with the bad username");
            u.setUsername(" ");
        }))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("username"));
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void updateUserRejectsATakenUsernameOrEmailAndKeepsTheUser() {
        repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.updateUser(bob.getId(), u -> u.setUsername("alice")))
                .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("username"));
        assertThatThrownBy(() -> repo.updateUser(bob.getId(), u -> u.setEmail("alice@example.com")))
                .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void updateUserRollsBackWhenTheChangeThrows() {
        User alice = repo.createUser("alice", "alice@example.com");
        var before = target.snapshot();
        IllegalStateException applicationError = new IllegalStateException("the application changed its mind");

        assertThatThrownBy(() -> repo.updateUser(alice.getId(), u -> {
            u.setBio("half done");
            throw applicationError;
        })).isSameAs(applicationError);
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void updateUserRejectsANullChange() {
        assertThatThrownBy(() -> repo.updateUser(1, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("change"));
    }

    @Test
    void postsOfAUserCannotBeRemovedThroughTheReturnedList() {
        User alice = repo.createUser("alice", "alice@example.com");
        repo.createPost(alice.getId(), "First post", "Hello world!", true);
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.updateUser(alice.getId(), u -> u.getPosts().clear()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void deleteUserDeletesTheUserAndAllTheirPostsOnly() {
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        for (int i = 0; i < 3; i++) {
            repo.createPost(alice.getId(), "alice " + i, "body", i % 2 == 0);
        }
        var bobsPost = repo.createPost(bob.getId(), "bob", "body", true);

        assertThat(repo.deleteUser(alice.getId())).isTrue();

        assertThat(repo.findUser(alice.getId())).isEmpty();
        assertThat(repo.postsByAuthor(alice.getId())).isEmpty();
        assertThat(target.rows("SELECT id FROM posts")).containsExactly(Map.of("id", bobsPost.getId()));
        assertThat(repo.findUser(bob.getId())).isPresent();
    }

    @Test
    void deleteUserOfAMissingUserIsFalse() {
        assertThat(repo.deleteUser(7)).isFalse();
    }

    @Test
    void idsOfDeletedUsersAreNeverReused() {
        User first = repo.createUser("alice", "alice@example.com");
        repo.deleteUser(first.getId());

        User second = repo.createUser("alice", "alice@example.com");

        assertThat(second.getId()).isGreaterThan(first.getId());
    }

    @Test
    void rejectsADuplicateUsernameAndKeepsTheDatabase() {
        repo.createUser("alice", "alice@example.com");
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.createUser("alice", "other@example.com"))
                .isInstanceOfSatisfying(DuplicateException.class, e -> {
                    assertThat(e.field()).isEqualTo("username");
                    assertThat(e).hasMessageContaining("username");
                });
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void rejectsADuplicateEmailAndKeepsTheDatabase() {
        repo.createUser("alice", "alice@example.com");
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.createUser("alicia", "alice@example.com"))
                .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void acceptsUsernamesOfOneAndOfSixtyFourCharacters() {
        repo.createUser("a", "a@example.com");
        repo.createUser("b".repeat(64), "b@example.com");
        // 64 characters that take two UTF-16 units each
        repo.createUser("\uD83D\uDE00".repeat(64), "c@example.com");

        assertThat(target.count("SELECT count(*) FROM users")).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "\u00A0", "\u2007\u2007", "\u202F", "\u0085", "\u200B", "\u2028 \u2029", "\uFEFF"})
    void rejectsABlankUsername(String username) {
        assertRejected("username", () -> repo.createUser(username, "alice@example.com"));
    }

    @Test
    void rejectsAUsernameOfSixtyFiveCharacters() {
        assertRejected("username", () -> repo.createUser("x".repeat(65), "alice@example.com"));
    }

    @Test
    void rejectsANullUsernameOrEmail() {
        assertRejected("username", () -> repo.createUser(null, "alice@example.com"));
        assertRejected("email", () -> repo.createUser("alice", null));
    }

    @Test
    void rejectsTextWithANulCharacter() {
        assertRejected("username", () -> repo.createUser("al\0ice", "alice@example.com"));
    }

    @Test
    void rejectsAnUnpairedSurrogateInEveryTextInsteadOfStoringAQuestionMark() {
        User alice = repo.createUser("alice", "alice@example.com");

        assertRejected("username", () -> repo.createUser("a\uD800b", "b@example.com"));
        assertRejected("username", () -> repo.createUser("dup\uDBFF", "c@example.com"));
        assertRejected("email", () -> repo.createUser("carol", "c\uDC00@example.com"));
        assertRejected("bio", () -> repo.updateUser(alice.getId(), u -> u.setBio("bio \uD800")));
        assertRejected("username", () -> repo.createUsers(List.of(new NewUser("dave", "d@example.com"),
                new NewUser("e\uDFFF", "e@example.com"))));
        assertThat(repo.createUser("emoji \uD83D\uDE00", "f@example.com").getUsername()).isEqualTo("emoji \uD83D\uDE00");
    }

    @Test
    void updateUserRefusesAChangeToAPostItReachesAndWritesNothing() {
        User alice = repo.createUser("alice", "alice@example.com");
        repo.createPost(alice.getId(), "Hello", "body", true);

        assertRejected("change", () -> repo.updateUser(alice.getId(), u -> {
            u.setBio("new bio");
            u.getPosts().get(0).setTitle("Changed through the user");
        }));
        assertThat(repo.postsByAuthor(alice.getId())).extracting(dev.blogkit.model.Post::getTitle).containsExactly("Hello");
        assertThat(repo.findUser(alice.getId()).orElseThrow().getBio()).isNull();
    }

    @Test
    void createUsersRefusesAnInvalidRowBeforeItLooksForTakenValues() {
        assertThatThrownBy(() -> repo.createUsers(List.of(new NewUser("ok", "ok@example.com"),
                new NewUser("n\0ul", "nul@example.com"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("username"))
                .hasMessageContaining("row 1");
        assertThat(target.count("SELECT count(*) FROM users")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "@example.com", "alice@", "alice@@example.com", "a@b@c", "al ice@example.com"})
    void rejectsAnEmailWithoutExactlyOneAtAndTextOnBothSides(String email) {
        assertRejected("email", () -> repo.createUser("alice", email));
    }

    @Test
    void acceptsAnEmailOfOneHundredTwentyEightCharactersAndRejectsOneMore() {
        String domain = "@example.com";
        repo.createUser("alice", "a".repeat(128 - domain.length()) + domain);

        assertRejected("email", () -> repo.createUser("bob", "b".repeat(129 - domain.length()) + domain));
    }

    private void assertRejected(String field, Runnable call) {
        target.assertRejectedAndUnchanged(field, call);
    }
}
