package dev.blogkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.EachDatabase;
import dev.blogkit.TestTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command line in an application's project: classpath: migrations found in --classpath, drops written only
 * with --allow-drop, stamp, and copy of the application's tables with --exclude.
 */
class ApplicationCommandsTest extends EachDatabase {

    private String vendor() {
        return kind == TestTarget.Kind.SQLITE ? "sqlite" : "postgresql";
    }

    @Test
    void migrateFindsAClasspathLocationInTheClasspathOption() throws IOException {
        Path classes = dir.resolve("app-classes");
        for (String folder : new String[] {"migration", "undo"}) {
            Path from = Path.of("src/test/resources/db/comments", folder, vendor());
            Path to = Files.createDirectories(classes.resolve("db/appcomments").resolve(folder).resolve(vendor()));
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
        String[] app = {"--url", target.url(), "--migrations", "classpath:db/appcomments", "--history", "comments_schema_history"};

        CliRun withoutClasspath = CliRun.of(concat(new String[] {"migrate"}, app));
        assertThat(withoutClasspath.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(withoutClasspath.err()).contains("classpath:db/appcomments").contains("--classpath");
        assertThat(target.tables()).doesNotContain("comments_schema_history", "comments");

        CliRun migrate = CliRun.of(concat(new String[] {"migrate", "--classpath", classes.toString()}, app));
        assertThat(migrate.code()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("V1__create_comments.sql");
        assertThat(target.tables()).contains("comments", "comments_schema_history");
    }

    @Test
    void beforeTheFirstGenerateEveryCommandSaysTheSetHasNoScriptYetAndOnlyLookingOnesSucceed() {
        Path app = dir.resolve("fresh");
        String[] options = {"--url", target.url(), "--migrations", "filesystem:" + app, "--history", "fresh_schema_history",
                "--databases", target.folder()};
        assertThat(CliRun.of(concat(new String[] {"migrate"}, options)).out()).contains(Common.NO_SCRIPT_YET);

        CliRun info = CliRun.of(concat(new String[] {"info"}, options));
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains(Common.NO_SCRIPT_YET, "current version: 0 (empty schema)");
        CliRun validate = CliRun.of(concat(new String[] {"validate"}, options));
        assertThat(validate.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(validate.out()).contains("problem: " + Common.NO_SCRIPT_YET);
        CliRun undo = CliRun.of(concat(new String[] {"undo"}, options));
        assertThat(undo.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(undo.err()).contains("nothing to undo: " + Common.NO_SCRIPT_YET);
        CliRun check = CliRun.of(concat(new String[] {"check"}, options));
        assertThat(check.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(check.out()).contains("no migration script at filesystem:" + app, "generate writes the first version");
        assertThat(target.tables()).doesNotContain("fresh_schema_history");
    }

    @Test
    void generateWritesADropOnlyWithAllowDrop() throws IOException {
        Path app = dir.resolve("comments");
        String[] options = {"--url", target.url(), "--migrations", "filesystem:" + app, "--history", "comments_schema_history",
                "--databases", target.folder()};
        CliRun.of("migrate", "--url", target.url());
        assertThat(CliRun.of(concat(new String[] {"generate", "create comments", "--entities", "example.app.Comment"},
                options)).code()).isZero();
        assertThat(CliRun.of(concat(new String[] {"migrate"}, options)).code()).isZero();

        CliRun refused = CliRun.of(concat(new String[] {"generate", "drop comments"}, options));
        assertThat(refused.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(refused.err()).contains("- table comments", "--allow-drop", "nothing was written");
        assertThat(app.resolve("migration").resolve(vendor()).resolve("V2__drop_comments.sql")).doesNotExist();

        CliRun allowed = CliRun.of(concat(new String[] {"generate", "drop comments", "--allow-drop"}, options));
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(Files.readString(app.resolve("migration").resolve(vendor()).resolve("V2__drop_comments.sql")))
                .contains("DROP TABLE comments");
    }

    @Test
    void stampRecordsAnExistingSchemaThatMatchesAndRefusesOneThatDoesNot() {
        CliRun.of("migrate", "--url", target.url());
        target.execute("DROP TABLE blogkit_schema_history");

        CliRun wrong = CliRun.of("stamp", "1", "--url", target.url());
        assertThat(wrong.code()).isEqualTo(BlogKitCli.FAILED);
        assertThat(wrong.err()).contains("- column users.bio: in the database, not in version 1").doesNotContain("entities");
        assertThat(target.tables()).doesNotContain("blogkit_schema_history");

        CliRun stamp = CliRun.of("stamp", "10", "--url", target.url());
        assertThat(stamp.code()).as(stamp.err()).isZero();
        assertThat(stamp.out()).startsWith("stamped the database at version 10");
        assertThat(CliRun.of("info", "--url", target.url()).out()).contains("current version: 10");
    }

    @Test
    void checkSaysWhichTablesItIgnoredAndWhy() {
        CliRun.of("migrate", "--url", target.url());
        target.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)");

        CliRun check = CliRun.of("check", "--url", target.url());

        assertThat(check.code()).isZero();
        assertThat(check.out().lines()).containsExactly(
                "ignored: table notes was created by no migration of blogkit_schema_history (migration sets in this "
                        + "database: blogkit_schema_history)",
                "no differences: the entities match the database");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
