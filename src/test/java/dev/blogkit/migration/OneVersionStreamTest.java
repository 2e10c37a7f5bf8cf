package dev.blogkit.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.EachDatabase;
import dev.blogkit.TestDatabase;
import dev.blogkit.TestTarget;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One version stream for every database: an application's {@code generate}, run against either database, writes
 * each version for SQLite and PostgreSQL at once, as one number, the other database's from a scratch copy of the
 * current version; both databases then migrate, check and undo alike. Scripts that drifted apart are reported by
 * check and validate and refused by generate and copy, which change nothing. Needs PostgreSQL for both runs.
 */
class OneVersionStreamTest extends EachDatabase {

    private static final String HISTORY = "notes_stream_history";

    @Entity(name = "Note")
    @Table(name = "notes")
    static class Note {
        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
        @Column(name = "body", nullable = false) String body;
    }

    @Entity(name = "Note")
    @Table(name = "notes")
    static class NoteWithAuthor {
        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
        @Column(name = "body", nullable = false) String body;
        @Column(name = "author", length = 64) String author;
    }

    @Entity(name = "Note")
    @Table(name = "notes")
    static class NoteWithLongerAuthor {
        @Id @GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
        @Column(name = "body", nullable = false) String body;
        @Column(name = "author", length = 200) String author;
    }

    private String server;
    private Path app;
    private TestTarget other;

    @BeforeEach
    void bothDatabases() throws IOException {
        server = System.getenv(TestTarget.POSTGRES_URL_VARIABLE);
        assumeThat(server).as("both databases are needed").isNotBlank();
        app = dir.resolve("app");
        Path otherDir = Files.createDirectories(dir.resolve("other"));
        other = TestTarget.create(kind == TestTarget.Kind.SQLITE ? TestTarget.Kind.POSTGRESQL : TestTarget.Kind.SQLITE,
                otherDir);
    }

    @AfterEach
    void dropOther() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void generateWritesEachVersionForBothDatabasesAsOneNumberAndBothMigrateCheckAndUndoAlike() throws IOException {
        migrateBlogKit(target);
        migrateBlogKit(other);

        GeneratedMigration v1 = app(target, Note.class).generate("create notes", app);
        assertThat(v1.version()).isEqualTo("1");
        assertThat(v1.scripts()).containsExactly(script(target, "V1__create_notes.sql"), undo(target, "U1__create_notes.sql"),
                script(other, "V1__create_notes.sql"), undo(other, "U1__create_notes.sql"));
        assertThat(v1.changesByDatabase()).containsOnlyKeys(DatabaseKind.SQLITE, DatabaseKind.POSTGRESQL);
        assertThat(v1.changesByDatabase().get(other.databaseKind())).containsExactly("+ table notes (id, body)");
        migrateAndMatch(Note.class, "1");

        GeneratedMigration v2 = app(target, NoteWithAuthor.class).generate("add note author", app);
        assertThat(v2.version()).isEqualTo("2");
        assertThat(v2.scripts()).hasSize(4).allMatch(Files::isRegularFile);
        migrateAndMatch(NoteWithAuthor.class, "2");

        // a length means something on PostgreSQL alone: SQLite's script of the version changes nothing
        GeneratedMigration v3 = app(target, NoteWithLongerAuthor.class).generate("longer note author", app);
        assertThat(v3.version()).isEqualTo("3");
        assertThat(v3.changesByDatabase().get(DatabaseKind.SQLITE)).isEmpty();
        assertThat(v3.changesByDatabase().get(DatabaseKind.POSTGRESQL)).singleElement().asString()
                .contains("notes.author").contains("VARCHAR(200)");
        TestTarget sqlite = kind == TestTarget.Kind.SQLITE ? target : other;
        TestTarget postgresql = kind == TestTarget.Kind.SQLITE ? other : target;
        assertThat(Files.readString(script(sqlite, "V3__longer_note_author.sql"))).contains("Nothing changes on sqlite");
        migrateAndMatch(NoteWithLongerAuthor.class, "3");
        postgresql.execute("INSERT INTO notes (body, author) VALUES ('b', '" + "a".repeat(150) + "')");

        for (TestTarget database : List.of(target, other)) {
            assertThat(app(database, NoteWithLongerAuthor.class).history()).extracting(VersionInfo::version,
                    VersionInfo::description).as(database.folder()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("1", "create notes"),
                    org.assertj.core.groups.Tuple.tuple("2", "add note author"),
                    org.assertj.core.groups.Tuple.tuple("3", "longer note author"));
            assertThat(app(database, NoteWithLongerAuthor.class).check().differences()).as(database.folder()).isEmpty();
            assertThat(app(database, NoteWithLongerAuthor.class).validate().problems()).as(database.folder()).isEmpty();
        }
        postgresql.execute("DELETE FROM notes");
        for (TestTarget database : List.of(target, other)) {
            app(database, Note.class).undoTo("1");
            assertThat(app(database, Note.class).check().differences()).as(database.folder()).containsExactly(
                    "pending: V2 (add note author) of the application's migrations: run migrate",
                    "pending: V3 (longer note author) of the application's migrations: run migrate");
            assertThat(database.columns("notes")).as(database.folder()).containsExactlyInAnyOrder("id", "body");
        }
        assertThat(scratchSchemasLeft()).as("scratch schemas left on the server").isEmpty();
    }

    @Test
    void aVersionOneDatabaseLacksIsADifferenceForCheckAndValidateAndGenerateAndCopyRefuseAndChangeNothing()
            throws IOException {
        migrateBlogKit(target);
        app(target, Note.class).generate("create notes", app);
        app(target, Note.class).migrate();
        app(target, NoteWithAuthor.class).generate("add note author", app);
        app(target, NoteWithAuthor.class).migrate();
        Files.delete(script(other, "V2__add_note_author.sql"));
        Files.delete(undo(other, "U2__add_note_author.sql"));

        String lacks = "V2 (add note author) of the application's migrations has no " + other.folder() + " script";
        assertThat(app(target, NoteWithAuthor.class).check().differences()).singleElement().asString().startsWith(lacks);
        assertThat(app(target, NoteWithAuthor.class).validate().problems()).anyMatch(p -> p.startsWith(lacks));

        List<String> scripts = scripts();
        assertThatThrownBy(() -> app(target, NoteWithLongerAuthor.class).generate("longer note author", app))
                .isInstanceOf(MigrationException.class).hasMessageContaining("differ between databases")
                .hasMessageContaining("V1, V2 applied").hasMessageContaining("hold V1:")
                .hasMessageContaining("nothing was written");
        assertThat(scripts()).isEqualTo(scripts);

        assertThatThrownBy(() -> BlogCopy.copy(config(target, NoteWithAuthor.class).build(),
                BlogConfig.builder(other.url()).build(), false, Set.of(), (rows, total) -> { }))
                .isInstanceOf(MigrationException.class).hasMessageContaining("at version 2 in the source")
                .hasMessageContaining("end at version 1").hasMessageContaining("nothing was changed");
        assertThat(other.isUntouched()).as("the copy's target").isTrue();
        assertThat(scratchSchemasLeft()).isEmpty();
    }

    @Test
    void generateWithoutADatabaseOfTheOtherKindRefusesNamingBothWaysOutAndWritesNothing() {
        assumeThat(kind).as("SQLite's scratch is a temporary file: only PostgreSQL's needs a server")
                .isEqualTo(TestTarget.Kind.SQLITE);
        migrateBlogKit(target);
        Migrations alone = Migrations.ofApplication(BlogConfig.builder(target.url()).entities(Note.class)
                .migrations("filesystem:" + app, HISTORY).build());

        assertThatThrownBy(() -> alone.generate("create notes", app)).isInstanceOf(MigrationException.class)
                .hasMessageContaining("needs a postgresql database").hasMessageContaining("scratchDatabase")
                .hasMessageContaining("migrationDatabases").hasMessageContaining("nothing was written");
        assertThat(app).doesNotExist();

        // said for SQLite alone, the set gets SQLite's scripts alone, and check wants no other
        Migrations sqliteOnly = Migrations.ofApplication(BlogConfig.builder(target.url()).entities(Note.class)
                .migrations("filesystem:" + app, HISTORY).migrationDatabases(DatabaseKind.SQLITE).build());
        assertThat(sqliteOnly.generate("create notes", app).scripts()).hasSize(2);
        sqliteOnly.migrate();
        assertThat(sqliteOnly.check().differences()).isEmpty();
    }

    @Test
    void aScratchVersionThatFailsToBuildLeavesNoScratchSchemaAndWritesNothing() throws IOException {
        migrateBlogKit(target);
        app(target, Note.class).generate("create notes", app);
        app(target, Note.class).migrate();
        // the other database's V1 cannot run: the scratch build fails part way
        Files.writeString(script(other, "V1__create_notes.sql"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
                + "THIS IS NOT SQL;\n");
        List<String> scripts = scripts();

        assertThatThrownBy(() -> app(target, NoteWithAuthor.class).generate("add note author", app))
                .isInstanceOf(MigrationException.class);
        assertThat(scripts()).isEqualTo(scripts);
        assertThat(scratchSchemasLeft()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private BlogConfig.Builder config(TestTarget database, Class<?> entity) {
        BlogConfig.Builder builder = BlogConfig.builder(database.url()).entities(entity)
                .migrations("filesystem:" + app, HISTORY);
        if (database.kind() == TestTarget.Kind.SQLITE) {
            builder.scratchDatabase(server);
        }
        return builder;
    }

    private Migrations app(TestTarget database, Class<?> entity) {
        return Migrations.ofApplication(config(database, entity).build());
    }

    private static void migrateBlogKit(TestTarget database) {
        Migrations.on(database.url()).migrate();
    }

    /** Both databases migrate the set's scripts to {@code version}, and match the entities there. */
    private void migrateAndMatch(Class<?> entity, String version) {
        for (TestTarget database : List.of(target, other)) {
            Migrations migrations = app(database, entity);
            migrations.migrate();
            assertThat(migrations.currentVersion()).as(database.folder()).contains(version);
            assertThat(migrations.check().differences()).as(database.folder()).isEmpty();
        }
    }

    private Path script(TestTarget database, String name) {
        return app.resolve("migration").resolve(database.folder()).resolve(name);
    }

    private Path undo(TestTarget database, String name) {
        return app.resolve("undo").resolve(database.folder()).resolve(name);
    }

    /** Every file under the set's folder with its content. */
    private List<String> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(app)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return app.relativize(f) + "\n" + Files.readString(f);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).sorted().toList();
        }
    }

    /** Schemas on the server that hold this test's history table, less the targets': a scratch left behind. */
    private List<String> scratchSchemasLeft() {
        List<Map<String, Object>> rows = TestDatabase.rows(server, "SELECT table_schema FROM information_schema.tables"
                + " WHERE table_name = '" + HISTORY + "' AND table_schema LIKE 'blogkit_scratch_%'");
        return rows.stream().map(r -> String.valueOf(r.get("table_schema"))).toList();
    }
}
