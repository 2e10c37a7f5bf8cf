package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations from several processes: two migrators at once are serialized by BlogKit's lock, and a process
 * killed with SIGKILL in the middle of a migration or an undo leaves the database at the version before or
 * after, never between. The test set "slow" adds a V90 that takes about a second, and its slow undo.
 */
class MigrationProcessesTest {

    static final long BIG_ROWS = 600_000;
    static Map<String, Object> schemaBefore;
    static Map<String, Object> schemaAfter;

    @TempDir
    static Path references;
    @TempDir
    Path dir;

    @BeforeAll
    static void referenceSchemas() {
        Path file = references.resolve("reference.db");
        Migrations slow = MigrationTesting.withTestVersions(file, "slow");
        slow.migrate("3");
        schemaBefore = MigrationTesting.schema(file);
        slow.migrate();
        schemaAfter = MigrationTesting.schema(file);
    }

    @Test
    void twoProcessesMigratingOneFileAtOnceTakeTurnsAndTheSecondFindsNothingToDo() throws Exception {
        Path file = dir.resolve("blog.db");
        Process first = start(file, "migrate");
        Process second = start(file, "migrate");

        List<String> outputs = List.of(finish(first), finish(second));

        assertThat(outputs).allSatisfy(output -> assertThat(output).contains("STARTED"));
        assertThat(outputs).filteredOn(o -> o.contains("SCRIPTS V1__create_users_and_posts.sql,V2__add_user_bio.sql,V3__add_blogkit_settings.sql,V90__create_big_table.sql"))
                .hasSize(1);
        assertThat(outputs).filteredOn(o -> o.lines().anyMatch(line -> line.equals("SCRIPTS "))).hasSize(1);
        assertThat(TestDatabase.rows(file, "SELECT version, success FROM blogkit_schema_history ORDER BY installed_rank"))
                .containsExactly(Map.of("version", "1", "success", 1), Map.of("version", "2", "success", 1),
                        Map.of("version", "3", "success", 1), Map.of("version", "90", "success", 1));
        assertThat(TestDatabase.count(file, "SELECT count(*) FROM big")).isEqualTo(BIG_ROWS);
    }

    @Test
    void aMigrationKilledAtAnyPointLeavesTheVersionBeforeOrAfter() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (long delay : new long[] {0, 150, 400, 800, 1300, 2500}) {
            Path file = dir.resolve("kill-migrate-" + delay + ".db");
            Migrations slow = MigrationTesting.withTestVersions(file, "slow");
            slow.migrate("3");

            killAfter(start(file, "migrate"), delay);

            String version = assertAtAVersion(file, slow);
            outcomes.add(delay + " ms: V" + version);
            assertThat(slow.migrate().toVersion()).as("the lock died with the process").contains("90");
            assertAtAVersion(file, slow);
        }
        assertThat(outcomes).as("killed before the end at least once").anySatisfy(o -> assertThat(o).endsWith("V3"));
    }

    @Test
    void anUndoKilledAtAnyPointLeavesTheVersionBeforeOrAfter() throws Exception {
        Path file = dir.resolve("kill-undo.db");
        Migrations slow = MigrationTesting.withTestVersions(file, "slow");
        List<String> outcomes = new ArrayList<>();
        for (long delay : new long[] {0, 200, 500, 1000}) {
            slow.migrate();

            killAfter(start(file, "undo"), delay);

            outcomes.add(delay + " ms: V" + assertAtAVersion(file, slow));
        }
        assertThat(outcomes).as("killed before the end at least once").anySatisfy(o -> assertThat(o).endsWith("V90"));
    }

    /** The database is intact and exactly at version 3 or 90; returns which. */
    private static String assertAtAVersion(Path file, Migrations slow) {
        assertThat(TestDatabase.rows(file, "PRAGMA integrity_check")).extracting(r -> r.get("integrity_check")).containsExactly("ok");
        assertThat(TestDatabase.count(file, "SELECT count(*) FROM blogkit_schema_history WHERE success = 0")).isZero();
        String version = slow.currentVersion().orElseThrow();
        switch (version) {
            case "3" -> assertThat(MigrationTesting.schema(file)).isEqualTo(schemaBefore);
            case "90" -> {
                assertThat(MigrationTesting.schema(file)).isEqualTo(schemaAfter);
                assertThat(TestDatabase.count(file, "SELECT count(*) FROM big")).isEqualTo(BIG_ROWS);
            }
            default -> throw new AssertionError("unexpected version " + version);
        }
        return version;
    }

    private static Process start(Path file, String action) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MigrationProcess.class.getName(),
                file.toString(), "slow", action)
                .redirectErrorStream(true)
                .start();
    }

    /** Waits for the child to say STARTED, then for {@code delayMillis}, then kills it with SIGKILL. */
    private static void killAfter(Process process, long delayMillis) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("STARTED")) {
            // JVM start-up
        }
        assertThat(line).as("the child started").isEqualTo("STARTED");
        Thread.sleep(delayMillis);
        process.destroyForcibly();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }

    private static String finish(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
