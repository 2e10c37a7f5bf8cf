package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.Migrations;
import dev.blogkit.model.User;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Usernames and emails: stored as typed, unique and found without regard to case, on each database. */
class UsernameCaseTest extends EachDatabase {

    @Test
    void usernamesAndEmailsAreUniqueAndFoundWithoutRegardToCaseAndStoredAsTyped() {
        try (Blog blog = target.open(new TestDatabase.SqlLog())) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("Alice", "Alice@Example.com");

            assertThat(alice.getUsername()).isEqualTo("Alice");
            assertThat(repo.findUserByUsername("ALICE")).map(User::getId).contains(alice.getId());
            assertThat(repo.findUserByUsername("alice")).map(User::getUsername).contains("Alice");
            assertThat(repo.findUserByEmail("alice@example.COM")).map(User::getEmail).contains("Alice@Example.com");
            assertThatThrownBy(() -> repo.createUser("aLiCe", "other@example.com"))
                    .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("username"));
            assertThatThrownBy(() -> repo.createUser("bob", "ALICE@EXAMPLE.COM"))
                    .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("email"));
            assertThat(repo.findUserByUsername("bob")).isEmpty();
        }
    }

    @Test
    void caseIsComparedTheUnicodeWay() {
        try (Blog blog = target.open(new TestDatabase.SqlLog())) {
            BlogRepository repo = blog.repository();
            repo.createUser("Straße", "s@example.com");
            repo.createUser("ΟΔΥΣΣΕΥΣ", "o@example.com");
            repo.createUser("Ærø", "ae@example.com");

            assertThat(repo.findUserByUsername("STRASSE")).map(User::getUsername).contains("Straße");
            assertThat(repo.findUserByUsername("οδυσσευσ")).map(User::getUsername).contains("ΟΔΥΣΣΕΥΣ");
            assertThat(repo.findUserByUsername("Οδυσσευς")).map(User::getUsername).contains("ΟΔΥΣΣΕΥΣ");
            assertThat(repo.findUserByUsername("æRØ")).map(User::getUsername).contains("Ærø");
            assertThatThrownBy(() -> repo.createUser("ｓｔｒａｓｓｅ", "fullwidth@example.com"))
                    .as("compatibility forms are one name").isInstanceOf(DuplicateException.class);
            assertThat(repo.findUserByUsername("Strasse2")).isEmpty();
        }
    }

    @Test
    void everyWritePathComparesWithoutRegardToCase() {
        try (Blog blog = target.open(new TestDatabase.SqlLog())) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("alice", "alice@example.com");
            User bob = repo.createUser("bob", "bob@example.com");

            assertThatThrownBy(() -> repo.editUser(bob.getId(), new UserEdit("ALICE", null, null)))
                    .isInstanceOf(DuplicateException.class);
            assertThatThrownBy(() -> repo.updateUser(bob.getId(), u -> u.setEmail("Alice@Example.com")))
                    .isInstanceOf(DuplicateException.class);
            assertThatThrownBy(() -> repo.createUsers(List.of(new NewUser("carol", "carol@example.com"),
                    new NewUser("CAROL", "carol2@example.com"))))
                    .isInstanceOf(DuplicateException.class).hasMessageContaining("row 1").hasMessageContaining("row 0");
            assertThatThrownBy(() -> repo.createUsers(List.of(new NewUser("dave", "dave@example.com"),
                    new NewUser("Bob", "bob2@example.com"))))
                    .isInstanceOf(DuplicateException.class).hasMessageContaining("row 1");
            assertThat(repo.findUserByUsername("carol")).isEmpty();
            assertThat(repo.findUserByUsername("dave")).isEmpty();

            // a user may change the case of their own name; it is stored as typed and still found
            assertThat(repo.editUser(alice.getId(), new UserEdit("Alice", null, null))).isTrue();
            assertThat(repo.findUserByUsername("ALICE")).map(User::getUsername).contains("Alice");
            repo.updateUser(bob.getId(), u -> u.setUsername("Bobby"));
            assertThat(repo.findUserByUsername("BOBBY")).map(User::getId).contains(bob.getId());
            assertThat(repo.findUserByUsername("bob")).isEmpty();
            List<User> bulk = repo.createUsers(List.of(new NewUser("Eve", "EVE@example.com")));
            assertThat(repo.findUserByEmail("eve@EXAMPLE.com")).map(User::getId).contains(bulk.get(0).getId());
        }
    }

    @Test
    void theMigrationRefusesUsersThatWouldCollideNamingThemAndChangesNothing() throws Exception {
        BlogConfig config = BlogConfig.builder(target.url()).build();
        Migrations migrations = Migrations.on(config);
        migrations.migrate("6");
        try (Connection connection = DriverManager.getConnection(target.url());
             Statement statement = connection.createStatement()) {
            for (String sql : List.of(
                    "INSERT INTO users (id, username, email, created_at, updated_at, version) VALUES "
                            + "(1, 'alice', 'a1@example.com', 0, 0, 0)",
                    "INSERT INTO users (id, username, email, created_at, updated_at, version) VALUES "
                            + "(2, 'Alice', 'a2@example.com', 0, 0, 0)",
                    "INSERT INTO users (id, username, email, created_at, updated_at, version) VALUES "
                            + "(3, 'carol', 'CAROL@example.com', 0, 0, 0)",
                    "INSERT INTO users (id, username, email, created_at, updated_at, version) VALUES "
                            + "(4, 'dave', 'carol@EXAMPLE.com', 0, 0, 0)")) {
                statement.execute(target.kind() == TestTarget.Kind.SQLITE ? sql
                        : sql.replace(", 0, 0, 0)", ", now(), now(), 0)"));
            }
        }

        assertThatThrownBy(migrations::migrate)
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("'alice' (user 1), 'Alice' (user 2)")
                .hasMessageContaining("'CAROL@example.com' (user 3), 'carol@EXAMPLE.com' (user 4)");
        assertThat(migrations.currentVersion()).contains("6");

        try (Connection connection = DriverManager.getConnection(target.url());
             Statement statement = connection.createStatement()) {
            statement.execute("UPDATE users SET username = 'alice2' WHERE id = 2");
            statement.execute("UPDATE users SET email = 'dave@example.com' WHERE id = 4");
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM users")) {
                rs.next();
                assertThat(rs.getInt(1)).as("every user is still there").isEqualTo(4);
            }
        }
        migrations.migrate();
        try (Blog blog = Blog.open(config)) {
            assertThat(blog.repository().findUserByUsername("ALICE2")).map(User::getId).contains(2L);
            assertThat(blog.repository().findUserByEmail("carol@example.com")).map(User::getId).contains(3L);
            assertThatThrownBy(() -> blog.repository().editUser(3, new UserEdit("DAVE", null, null)))
                    .isInstanceOf(DuplicateException.class);
        }
        migrations.undoTo("6");
        assertThat(migrations.currentVersion()).contains("6");
        migrations.migrate();
        try (Blog blog = Blog.open(config)) {
            assertThat(blog.repository().findUserByUsername("CAROL")).map(User::getId).contains(3L);
        }
    }
}
