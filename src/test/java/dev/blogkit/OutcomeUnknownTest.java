package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.User;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection lost while the server commits: the call cannot know whether its change was applied, and says so
 * with an {@link OutcomeUnknownException}. On
 * PostgreSQL (skipped, and says so, without the server): a deferred trigger holds the COMMIT for a few seconds,
 * and the test terminates that session's backend meanwhile.
 */
class OutcomeUnknownTest {

    @TempDir
    Path dir;
    TestTarget target;

    @BeforeEach
    void createTarget() {
        target = TestTarget.create(TestTarget.Kind.POSTGRESQL, dir);
    }

    @AfterEach
    void dropTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aConnectionLostDuringCommitIsAnOutcomeUnknown() throws Exception {
        try (Blog blog = Blog.open(target.url())) {
            BlogRepository repo = blog.repository();
            User alice = repo.createUser("alice", "alice@example.com");
            target.execute("""
                    CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$""",
                    "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON posts DEFERRABLE INITIALLY DEFERRED "
                            + "FOR EACH ROW EXECUTE FUNCTION slow_commit()");

            CompletableFuture<Boolean> killedInCommit = CompletableFuture.supplyAsync(() -> terminateWhere("COMMIT"));
            assertThatThrownBy(() -> repo.createPost(alice.getId(), "in doubt", "body", true))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("may or may not have been applied");
            assertThat(killedInCommit.get(30, TimeUnit.SECONDS)).isTrue();

            // the next call works on another connection of the pool
            assertThat(repo.findUser(alice.getId())).isPresent();
        }
    }

    /** Waits for a backend of this database that runs {@code query} and sleeps, and terminates it. */
    private boolean terminateWhere(String query) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> rows = target.rows("SELECT pid FROM pg_stat_activity WHERE datname = "
                    + "current_database() AND state = 'active' AND query = '" + query + "' AND wait_event = 'PgSleep'");
            if (!rows.isEmpty()) {
                target.rows("SELECT pg_terminate_backend(" + rows.get(0).get("pid") + ") AS done");
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
