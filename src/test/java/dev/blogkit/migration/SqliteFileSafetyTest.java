package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.Blog;
import dev.blogkit.TestDatabase;
import dev.blogkit.model.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only an SQLite file has, in an application's hands: bytes that a look must leave as they were, and the copy
 * saved before an undo, which must hold every write acknowledged before the undo.
 */
class SqliteFileSafetyTest {

    @TempDir
    Path dir;


    @Test
    void readOnlyCommandsLeaveAnEmptyFileEmptyAndAFileInRollbackModeAsItWas() throws IOException {
        Path empty = dir.resolve("empty.db");
        Files.createFile(empty);
        Migrations onEmpty = Migrations.on("jdbc:sqlite:" + empty);
        onEmpty.history();
        onEmpty.check();
        onEmpty.validate();
        onEmpty.dryRun().migrate();
        assertThat(Files.size(empty)).isZero();

        Path legacy = dir.resolve("legacy.db");
        TestDatabase.execute("jdbc:sqlite:" + legacy, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
                "INSERT INTO notes VALUES (1, 'keep')");
        byte[] bytes = Files.readAllBytes(legacy);
        Migrations onLegacy = Migrations.on("jdbc:sqlite:" + legacy);
        onLegacy.history();
        onLegacy.check();
        onLegacy.validate();
        assertThatThrownBy(() -> onLegacy.dryRun().migrate()).isInstanceOf(MigrationException.class).hasMessageContaining("notes");
        assertThatThrownBy(onLegacy::migrate).isInstanceOf(MigrationException.class);
        assertThat(Files.readAllBytes(legacy)).as("no WAL switch, no history table").isEqualTo(bytes);
    }

    @Test
    void anUndoWhileABlogWritesKeepsEveryAcknowledgedWriteInTheDatabaseOrInTheCopy() throws Exception {
        String url = TestDatabase.url(dir.resolve("live.db"));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch writing = new CountDownLatch(20);
        MigrationReport undo;
        try (Blog blog = Blog.open(url)) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        User user = blog.repository().createUser("u" + i, "u" + i + "@example.com");
                        blog.repository().updateUser(user.getId(), u -> u.setBio("bio of " + user.getUsername()));
                        acknowledged.put(user.getUsername(), "bio of " + user.getUsername());
                        writing.countDown();
                    }
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            });
            writer.start();
            writing.await();
            undo = Migrations.on(url).undoTo("1");
            // the writer goes on until the changed schema stops it
            writer.join(30_000);
            stop.set(true);
        }

        assertThat(undo.backupFile()).isPresent();
        Map<String, String> copied = new LinkedHashMap<>();
        TestDatabase.rows(undo.backupFile().get(), "SELECT username, bio FROM users")
                .forEach(row -> copied.put((String) row.get("username"), (String) row.get("bio")));
        List<String> lost = new ArrayList<>();
        acknowledged.forEach((user, bio) -> {
            if (!bio.equals(copied.get(user))) {
                lost.add(user);
            }
        });
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);
        assertThat(lost).as("acknowledged bios in neither the database (bio is gone) nor the copy").isEmpty();
        assertThat(writerFailure.get()).as("the writer ends on the changed schema")
                .isInstanceOf(dev.blogkit.SchemaChangedException.class);
    }
}
