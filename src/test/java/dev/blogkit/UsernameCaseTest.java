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

    /** Unicode's full case folding: the one letter whose own lower case folds apart, and the one kept apart. */
    @Test
    void namesThatUnicodesCaseFoldingMakesOneAreOneNameAndNoOthers() {
        try (Blog blog = target.open(new TestDatabase.SqlLog())) {
            BlogRepository repo = blog.repository();
            User strasse = repo.createUser("Straße", "strasse@example.com");
            User ix = repo.createUser("ix", "i@example.com");
            User dotless = repo.createUser("ıx", "dotless@example.com");

            for (String same : List.of("STRAẞE", "straẞe", "STRASSE", "strasse", "ｓｔｒａｓｓｅ")) {
                assertThatThrownBy(() -> repo.createUser(same, "other@example.com")).as(same)
                        .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("username"));
                assertThat(repo.findUserByUsername(same)).as(same).map(User::getId).contains(strasse.getId());
            }
            assertThatThrownBy(() -> repo.createUser("i\u200Dx", "joiner@example.com"))
                    .as("a zero-width joiner does not make another name").isInstanceOf(DuplicateException.class);
            assertThatThrownBy(() -> repo.createUser("bob", "STRASSE@EXAMPLE.COM"))
                    .isInstanceOfSatisfying(DuplicateException.class, e -> assertThat(e.field()).isEqualTo("email"));
            assertThat(repo.findUserByUsername("IX")).map(User::getId).contains(ix.getId());
            assertThat(repo.findUserByUsername("ıx")).as("Unicode's default folding keeps the dotless i apart")
                    .map(User::getId).contains(dotless.getId());
            assertThat(repo.findUserByEmail("STRAẞE@example.com")).map(User::getId).contains(strasse.getId());
        }
    }

    /**
     * The longest keys the rules allow: U+FDFA is one character that NFKC makes 18 (36 bytes of UTF-8), 64 of them
     * a username, 128 characters of them an email; each is stored, found and unique on both databases.
     */
    @Test
    void everyValueTheRulesAcceptIsStoredTheLongestExpansionsIncluded() {
        String username = "\uFDFA".repeat(User.USERNAME_MAX_LENGTH);
        String email = "\uFDFA".repeat(63) + "@" + "\uFDFA".repeat(User.EMAIL_MAX_LENGTH - 64);
        assertThat(email).hasSize(User.EMAIL_MAX_LENGTH);
        try (Blog blog = target.open(new TestDatabase.SqlLog())) {
            BlogRepository repo = blog.repository();
            User stored = repo.createUser(username, email);

            assertThat(repo.findUserByUsername(username)).map(User::getUsername).contains(username);
            assertThat(repo.findUserByEmail(email)).map(User::getEmail).contains(email);
            String expanded = java.text.Normalizer.normalize(username, java.text.Normalizer.Form.NFKC);
            assertThat(expanded).hasSize(18 * User.USERNAME_MAX_LENGTH);
            assertThat(repo.findUserByUsername(expanded)).as("its compatibility form is the same name")
                    .map(User::getId).contains(stored.getId());
            assertThatThrownBy(() -> repo.createUser(expanded, "other@example.com")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> repo.createUser("other", email)).isInstanceOf(DuplicateException.class);
            List<User> bulk = repo.createUsers(List.of(new NewUser("\uFDFB".repeat(User.USERNAME_MAX_LENGTH),
                    "\uFDFB".repeat(63) + "@" + "\uFDFB".repeat(64))));
            assertThat(repo.findUserByUsername("\uFDFB".repeat(User.USERNAME_MAX_LENGTH))).map(User::getId)
                    .contains(bulk.get(0).getId());
        }
    }

    @Test
    void aUsernameThatIsOnlyCharactersNamesIgnoreIsRefusedAsBlank() {
        try (Blog blog = target.open(new TestDatabase.SqlLog())) {
            var before = target.snapshot();
            for (String ignored : List.of("\u115F", "\u034F\u034F", "\uFE0F", "\u3164")) {
                assertThatThrownBy(() -> blog.repository().createUser(ignored, "x@example.com"))
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("username"));
            }
            assertThat(target.snapshot()).isEqualTo(before);
        }
    }

    /** V9 makes names one that V7 kept apart: it names them, and nothing changes until they are renamed. */
    @Test
    void version9RefusesUsersThatFullCaseFoldingMakesOneAndChangesNothing() throws Exception {
        BlogConfig config = BlogConfig.builder(target.url()).build();
        Migrations migrations = Migrations.on(config);
        migrations.migrate("8");
        // the rows as V8's BlogKit wrote them: keys by V7's rule
        insertAtVersion8(1, "Straße", "s1@example.com");
        insertAtVersion8(2, "STRAẞE", "s2@example.com");
        var before = target.snapshot();

        assertThatThrownBy(migrations::migrate)
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("'Straße' (user 1), 'STRAẞE' (user 2)")
                .hasMessageContaining("nothing was changed");
        assertThat(migrations.currentVersion()).contains("8");
        assertThat(target.snapshot()).isEqualTo(before);

        target.execute("UPDATE users SET username = 'Strasse2' WHERE id = 2");
        migrations.migrate();
        try (Blog blog = Blog.open(config)) {
            assertThat(blog.repository().findUserByUsername("STRASSE")).map(User::getId).contains(1L);
            assertThat(blog.repository().findUserByUsername("strasse2")).map(User::getId).contains(2L);
        }
    }

    /** The undo of V9 brings V7's keys back, and refuses what V7's keys cannot hold: nothing changes then. */
    @Test
    void undoingVersion9RefusesUsersThatVersion7sKeysWouldMakeOneAndChangesNothing() {
        BlogConfig config = BlogConfig.builder(target.url()).build();
        Migrations migrations = Migrations.on(config);
        migrations.migrate();
        try (Blog blog = Blog.open(config)) {
            blog.repository().createUser("ix", "i@example.com");
            blog.repository().createUser("ıx", "dotless@example.com");
        }
        assertThat(migrations.undo().toVersion()).as("V10 (search) goes down").contains("9");
        var before = target.snapshot();

        assertThatThrownBy(migrations::undo)
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("'ix' (user 1), 'ıx' (user 2)")
                .hasMessageContaining("stays at version 9");
        assertThat(migrations.currentVersion()).contains("9");
        assertThat(target.snapshot()).isEqualTo(before);

        try (Blog blog = Blog.open(config)) {
            blog.repository().editUser(2, new UserEdit("dotless", null, null));
        }
        assertThat(migrations.undoTo("8").toVersion()).contains("8");
        assertThat(target.rows("SELECT username_key FROM users ORDER BY id")).extracting(r -> r.get("username_key"))
                .containsExactly("ix", "dotless");
        migrations.migrate();
        try (Blog blog = Blog.open(config)) {
            assertThat(blog.repository().findUserByUsername("IX")).map(User::getId).contains(1L);
        }
    }

    /**
     * A database at V6 holding the longest names migrates to the latest version on both databases (on PostgreSQL
     * V7's columns cannot hold their V7 keys: V7 leaves them empty, V9 keys them); the undo of V9 then refuses.
     */
    @Test
    void aDatabaseAtVersion6WithTheLongestNamesMigratesToTheLatestVersion() throws Exception {
        BlogConfig config = BlogConfig.builder(target.url()).build();
        Migrations migrations = Migrations.on(config);
        migrations.migrate("6");
        String username = "\uFDFA".repeat(User.USERNAME_MAX_LENGTH);
        String email = "\uFDFA".repeat(63) + "@" + "\uFDFA".repeat(64);
        String now = target.kind() == TestTarget.Kind.SQLITE ? "0" : "now()";
        target.execute("INSERT INTO users (id, username, email, created_at, updated_at, version) VALUES (1, '"
                + username + "', '" + email + "', " + now + ", " + now + ", 0)");

        migrations.migrate();

        try (Blog blog = Blog.open(config)) {
            assertThat(blog.repository().findUserByUsername(username)).map(User::getId).contains(1L);
            assertThat(blog.repository().findUserByEmail(email)).map(User::getId).contains(1L);
        }
        assertThat(migrations.undo().toVersion()).as("V10 (search) goes down").contains("9");
        if (target.kind() == TestTarget.Kind.POSTGRESQL) {
            var before = target.snapshot();
            assertThatThrownBy(migrations::undo).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("username of user 1").hasMessageContaining("would not fit");
            assertThat(target.snapshot()).isEqualTo(before);
        } else {
            assertThat(migrations.undo().toVersion()).contains("8");
        }
    }

    private void insertAtVersion8(long id, String username, String email) {
        String now = target.kind() == TestTarget.Kind.SQLITE ? "0" : "now()";
        target.execute("INSERT INTO users (id, username, email, created_at, updated_at, version, username_key, email_key) "
                + "VALUES (" + id + ", '" + username + "', '" + email + "', " + now + ", " + now + ", 0, '"
                + version7Key(username) + "', '" + version7Key(email) + "')");
    }

    /** V7's rule, as V8's BlogKit computed keys: NFKC, upper then lower case in the root locale, NFKC. */
    private static String version7Key(String text) {
        String compatible = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
        return java.text.Normalizer.normalize(compatible.toUpperCase(java.util.Locale.ROOT)
                .toLowerCase(java.util.Locale.ROOT), java.text.Normalizer.Form.NFKC);
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
