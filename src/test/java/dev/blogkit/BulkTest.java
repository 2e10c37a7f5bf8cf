package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** createUsers and createPosts: many rows, one transaction, JDBC batches, all or nothing. */
class BulkTest extends OnEachDatabase {

    @Test
    void createUsersStoresEveryRowInOrderWithIncreasingIds() {
        List<User> users = repo.createUsers(List.of(new NewUser("alice", "alice@example.com"),
                new NewUser("bob", "bob@example.com"), new NewUser("carol", "carol@example.com")));

        assertThat(users).extracting(User::getUsername).containsExactly("alice", "bob", "carol");
        assertThat(users).extracting(User::getId).isSorted().doesNotHaveDuplicates();
        assertThat(repo.findUserByUsername("carol")).contains(users.get(2));
    }

    @Test
    void createPostsStoresManyRowsInBatchesWithAuthorsLoadedAndCreationTimesInOrder() {
        List<User> authors = repo.createUsers(List.of(new NewUser("alice", "a@example.com"), new NewUser("bob", "b@example.com")));
        List<NewPost> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new NewPost(authors.get(i % 2).getId(), "post " + i, "body " + i, i % 2 == 0));
        }
        sql.clear();

        List<Post> posts = repo.createPosts(rows);

        // the authors in one query, the ids (SQLite: the first one; PostgreSQL: blocks of 50 from the sequence),
        // then one INSERT prepared once and executed in batches (without batching, Hibernate prepares the INSERT
        // once per row: 1,000 statements)
        int idQueries = kind == TestTarget.Kind.SQLITE ? 1 : 1000 / 50;
        assertThat(sql.statements()).filteredOn(s -> s.startsWith("insert")).hasSize(1);
        assertThat(sql.statements()).hasSize(2 + idQueries);
        assertThat(posts).hasSize(1000);
        assertThat(posts.get(1).getAuthor().getUsername()).isEqualTo("bob");
        assertThat(posts).extracting(Post::getId).isSorted().doesNotHaveDuplicates();
        assertThat(posts).extracting(Post::getCreatedAt).isSorted();
        assertThat(target.count("SELECT count(*) FROM posts")).isEqualTo(1000);
        assertThat(repo.countPublishedPosts()).isEqualTo(500);
    }

    @Test
    void idsOfBulkRowsFollowEveryIdEverGivenEvenAfterDeletes() {
        User alice = repo.createUser("alice", "a@example.com");
        Post last = repo.createPosts(List.of(new NewPost(alice.getId(), "one", "b", true), new NewPost(alice.getId(), "two", "b", true))).get(1);
        repo.deletePost(last.getId());

        Post next = repo.createPost(alice.getId(), "three", "b", true);
        List<Post> more = repo.createPosts(List.of(new NewPost(alice.getId(), "four", "b", true)));

        // SQLite: the next id after every id ever given; PostgreSQL: the sequence's next, never one given before
        assertThat(next.getId()).isGreaterThan(last.getId());
        assertThat(more.get(0).getId()).isGreaterThan(next.getId());
        if (kind == TestTarget.Kind.SQLITE) {
            assertThat(next.getId()).isEqualTo(last.getId() + 1);
            assertThat(more.get(0).getId()).isEqualTo(next.getId() + 1);
        }
    }

    @Test
    void aRowThatBreaksARuleRejectsTheWholeCallNamingTheRow() {
        User alice = repo.createUser("alice", "a@example.com");
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.createPosts(List.of(new NewPost(alice.getId(), "fine", "b", true),
                new NewPost(alice.getId(), "also fine", "b", true), new NewPost(alice.getId(), " ", "b", true))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("title");
                    assertThat(e).hasMessageContaining("row 2");
                });
        assertThatThrownBy(() -> repo.createUsers(List.of(new NewUser("bob", "b@example.com"), new NewUser("carol", "not-an-email"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e).hasMessageContaining("row 1").hasMessageContaining("email"));
        assertThatThrownBy(() -> repo.createPosts(List.of(new NewPost(alice.getId(), "fine", "b", true), new NewPost(999, "orphan", "b", true))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("row 1").hasMessageContaining("999");
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void aTakenOrRepeatedUsernameOrEmailRejectsTheWholeCallNamingTheRow() {
        repo.createUser("alice", "a@example.com");
        var before = target.snapshot();

        assertThatThrownBy(() -> repo.createUsers(List.of(new NewUser("bob", "b@example.com"), new NewUser("alice", "x@example.com"))))
                .isInstanceOfSatisfying(DuplicateException.class, e -> {
                    assertThat(e.field()).isEqualTo("username");
                    assertThat(e).hasMessageContaining("row 1");
                });
        assertThatThrownBy(() -> repo.createUsers(List.of(new NewUser("bob", "b@example.com"), new NewUser("carol", "c@example.com"),
                new NewUser("dave", "b@example.com"))))
                .isInstanceOfSatisfying(DuplicateException.class, e -> {
                    assertThat(e.field()).isEqualTo("email");
                    assertThat(e).hasMessageContaining("row 2").hasMessageContaining("row 0");
                });
        assertThat(target.snapshot()).isEqualTo(before);
    }

    @Test
    void nullListsAndRowsAreInvalidInputAndAnEmptyListStoresNothing() {
        assertThatThrownBy(() -> repo.createUsers(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.createPosts(null)).isInstanceOf(InvalidInputException.class);
        List<NewUser> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> repo.createUsers(withNull)).isInstanceOf(InvalidInputException.class).hasMessageContaining("row 0");
        assertThat(repo.createPosts(List.of())).isEmpty();
    }
}
