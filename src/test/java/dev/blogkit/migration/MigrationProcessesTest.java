package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.TestTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migrations from several processes, on each database: two migrators at once are serialized by BlogKit's lock
 * (a file lock on SQLite, an advisory lock on PostgreSQL), and a process killed with SIGKILL in the middle of a
 * migration or an undo leaves the database at the version before or after, never between. The test set "slow"
 * adds a V90 that takes about a second, and its slow undo.
 *
 * <p>The slowest class of the suite, and mostly waiting: it runs beside the other classes, its SQLite run beside
 * its PostgreSQL run, and within each run one test after another, so that kills land while a migration runs.
 */
@Execution(ExecutionMode.CONCURRENT)
@ParameterizedClass
@EnumSource(TestTarget.Kind.class)
class MigrationProcessesTest {

    /** The schema at V8 and at V90, and the rows V90 inserts, of each kind of database. */
    record Reference(Map<String, Object> schemaBefore, Map<String, Object> schemaAfter, long bigRows) {
    }

    static final Map<TestTarget.Kind, Reference> REFERENCES = new ConcurrentHashMap<>();

    @Parameter
    TestTarget.Kind kind;
    @TempDir
    Path dir;
    Reference reference;
    final List<TestTarget> targets = new ArrayList<>();

    @BeforeEach
    void referenceSchemas() {
        reference = REFERENCES.computeIfAbsent(kind, k -> {
            TestTarget target = newTarget("reference");
            Migrations slow = MigrationTesting.withTestVersions(target, "slow");
            slow.migrate("10");
            Map<String, Object> before = target.schema();
            slow.migrate();
            return new Reference(before, target.schema(), target.count("SELECT count(*) FROM big"));
        });
    }

    @AfterEach
    void dropTargets() {
        targets.forEach(TestTarget::close);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void twoProcessesMigratingOneDatabaseAtOnceTakeTurnsAndTheSecondFindsNothingToDo() throws Exception {
        TestTarget target = newTarget("both");
        Process first = start(target, "migrate");
        Process second = start(target, "migrate");

        List<String> outputs = List.of(finish(first), finish(second));

        assertThat(outputs).allSatisfy(output -> assertThat(output).contains("STARTED"));
        assertThat(outputs).filteredOn(o -> o.contains("SCRIPTS V1__create_users_and_posts.sql,V2__add_user_bio.sql,V3__add_blogkit_settings.sql,V4__add_slugs_publication_and_versions.sql,V5__add_tags.sql,V6__add_post_search.sql,V7__add_user_lookup_keys.sql,V8__add_slug_suffixes_and_bound_search.sql,V9__fold_user_lookup_keys.sql,V10__analyse_search_text_in_java.sql,V90__create_big_table.sql"))
                .hasSize(1);
        assertThat(outputs).filteredOn(o -> o.lines().anyMatch(line -> line.equals("SCRIPTS "))).hasSize(1);
        assertThat(target.rows("SELECT version FROM blogkit_schema_history WHERE success ORDER BY installed_rank"))
                .extracting(row -> row.get("version")).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "90");
        assertThat(target.count("SELECT count(*) FROM blogkit_schema_history WHERE NOT success")).isZero();
        assertThat(target.count("SELECT count(*) FROM big")).isEqualTo(reference.bigRows());
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void aMigrationKilledAtAnyPointLeavesTheVersionBeforeOrAfter() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (long delay : new long[] {0, 150, 400, 800, 1300, 2500}) {
            TestTarget target = newTarget("kill-migrate-" + delay);
            Migrations slow = MigrationTesting.withTestVersions(target, "slow");
            slow.migrate("10");

            killAfter(start(target, "migrate"), delay);

            String version = assertAtAVersion(target, slow);
            outcomes.add(delay + " ms: V" + version);
            assertThat(slow.migrate().toVersion()).as("the lock died with the process").contains("90");
            assertAtAVersion(target, slow);
        }
        assertThat(outcomes).as("killed before the end at least once").anySatisfy(o -> assertThat(o).endsWith("V10"));
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void anUndoKilledAtAnyPointLeavesTheVersionBeforeOrAfter() throws Exception {
        TestTarget target = newTarget("kill-undo");
        Migrations slow = MigrationTesting.withTestVersions(target, "slow");
        List<String> outcomes = new ArrayList<>();
        for (long delay : new long[] {0, 200, 500, 1000}) {
            slow.migrate();

            killAfter(start(target, "undo"), delay);

            outcomes.add(delay + " ms: V" + assertAtAVersion(target, slow));
        }
        assertThat(outcomes).as("killed before the end at least once").anySatisfy(o -> assertThat(o).endsWith("V90"));
    }

    /** A new, empty database of this test's kind (an SQLite file in a folder of its own). */
    private TestTarget newTarget(String name) {
        try {
            TestTarget target = TestTarget.create(kind, Files.createDirectory(dir.resolve(name)));
            targets.add(target);
            return target;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The database is intact and exactly at version 10 or 90; returns which. */
    private String assertAtAVersion(TestTarget target, Migrations slow) {
        if (kind == TestTarget.Kind.SQLITE) {
            assertThat(target.rows("PRAGMA integrity_check")).extracting(r -> r.get("integrity_check")).containsExactly("ok");
        }
        assertThat(target.count("SELECT count(*) FROM blogkit_schema_history WHERE NOT success")).isZero();
        String version = slow.currentVersion().orElseThrow();
        switch (version) {
            case "10" -> assertThat(target.schema()).isEqualTo(reference.schemaBefore());
            case "90" -> {
                assertThat(target.schema()).isEqualTo(reference.schemaAfter());
                assertThat(target.count("SELECT count(*) FROM big")).isEqualTo(reference.bigRows());
            }
            default -> throw new AssertionError("unexpected version " + version);
        }
        return version;
    }

    private static Process start(TestTarget target, String action) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MigrationProcess.class.getName(),
                target.url(), "slow", action)
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
