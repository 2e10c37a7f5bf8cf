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

        // the authors in one query, the ids (SQLite: the first one; PostgreSQL: blocks from the sequence, of 50,
        // then twice as large each time this transaction uses up its own: 50 + 100 + 200 + 400 + 800 >= 1,000),
        // the titles' slugs claimed 500 a statement (INSERT ... ON CONFLICT DO NOTHING RETURNING), then one INSERT
        // of posts, prepared once and executed in batches (without batching, Hibernate prepares an INSERT once per
        // row: 1,000 statements)
        int idQueries = kind == TestTarget.Kind.SQLITE ? 1 : 5;
        assertThat(sql.statements()).filteredOn(s -> s.startsWith("insert into posts")).hasSize(1);
        assertThat(sql.statements()).filteredOn(s -> s.startsWith("INSERT INTO post_slugs")).hasSize(2);
        assertThat(sql.statements()).hasSize(4 + idQueries);
        assertThat(posts).hasSize(1000);
        assertThat(posts.get(1).getAuthor().getUsername()).isEqualTo("bob");
        assertThat(posts).extracting(Post::getId).isSorted().doesNotHaveDuplicates();
        assertThat(posts).extracting(Post::getCreatedAt).isSorted();
        assertThat(target.count("SELECT count(*) FROM posts")).isEqualTo(1000);
        assertThat(repo.countPublishedPosts()).isEqualTo(500);
    }

    @Test
    void aBulkCreateTakesItsIdsInGrowingBlocksAndTheNextTransactionStartsSmallAgain() {
        User alice = repo.createUser("alice", "a@example.com");
        sql.clear();

        List<Post> first = repo.createPosts(rows(alice, 3000));
        long firstIdQueries = idQueries();
        sql.clear();
        List<Post> second = repo.createPosts(rows(alice, 1000));

        // SQLite: one id query per write transaction. PostgreSQL: 50 + 100 + 200 + 400 + 800 + 1,000 + 1,000 ids
        // (blocks double while this transaction uses up its own, up to 1,000); the next transaction takes the 550
        // left, then starts at 50 again: 50 + 100 + 200 + 400
        boolean sqlite = kind == TestTarget.Kind.SQLITE;
        assertThat(firstIdQueries).isEqualTo(sqlite ? 1 : 7);
        assertThat(idQueries()).isEqualTo(sqlite ? 1 : 4);
        List<Long> ids = new ArrayList<>();
        first.forEach(post -> ids.add(post.getId()));
        second.forEach(post -> ids.add(post.getId()));
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(target.count("SELECT count(*) FROM posts")).isEqualTo(4000);
    }

    private long idQueries() {
        return sql.statements().stream().filter(s -> s.contains("nextval") || s.contains("sqlite_sequence")).count();
    }

    private static List<NewPost> rows(User author, int count) {
        List<NewPost> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new NewPost(author.getId(), "post " + i, "body", true));
        }
        return rows;
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
