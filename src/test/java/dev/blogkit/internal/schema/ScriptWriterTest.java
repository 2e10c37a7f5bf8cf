package dev.blogkit.internal.schema;

import static dev.blogkit.internal.schema.SchemaDiffTest.BIO;
import static dev.blogkit.internal.schema.SchemaDiffTest.ID;
import static dev.blogkit.internal.schema.SchemaDiffTest.USERNAME;
import static dev.blogkit.internal.schema.SchemaDiffTest.posts;
import static dev.blogkit.internal.schema.SchemaDiffTest.users;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.DatabaseKind;
import dev.blogkit.internal.schema.SchemaDiff.Change;
import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The render stage alone: change values in, SQL per database out; no database. */
class ScriptWriterTest {

    @Test
    void onPostgresqlEveryChangeIsAnAlterAndItsUndoTheAlterBack() {
        Schema database = Schema.of(List.of(users(List.of(ID, USERNAME), List.of(), List.of())));
        Column longerName = new Column("username", "VARCHAR(64)", true, null);
        Schema entities = Schema.of(List.of(users(List.of(ID, longerName, BIO), List.of(), List.of())));
        List<Change> changes = SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.POSTGRESQL);

        ScriptWriter.Script up = ScriptWriter.write(DatabaseKind.POSTGRESQL, database, entities, changes);
        ScriptWriter.Script down = ScriptWriter.write(DatabaseKind.POSTGRESQL, entities, database,
                SchemaDiff.reverse(changes));

        assertThat(up.statements()).containsExactly(
                "ALTER TABLE users ALTER COLUMN username DROP NOT NULL",
                "ALTER TABLE users ADD COLUMN bio TEXT");
        assertThat(down.statements()).containsExactly(
                "ALTER TABLE users DROP COLUMN bio",
                "ALTER TABLE users ALTER COLUMN username SET NOT NULL");
        assertThat(down.warnings()).containsExactly(
                "users.username becomes NOT NULL: the script fails while a row holds NULL there");
    }

    @Test
    void newTablesAreCreatedParentsFirstAndDroppedChildrenFirst() {
        Schema empty = Schema.of(List.of());
        Schema entities = Schema.of(List.of(posts(), users(List.of(ID, USERNAME), List.of(), List.of())));
        List<Change> changes = SchemaDiff.compare(empty, entities, Set.of("users", "posts"), DatabaseKind.POSTGRESQL);

        List<String> up = ScriptWriter.write(DatabaseKind.POSTGRESQL, empty, entities, changes).statements();
        List<String> down = ScriptWriter.write(DatabaseKind.POSTGRESQL, entities, empty, SchemaDiff.reverse(changes))
                .statements();

        assertThat(up).hasSize(2);
        assertThat(up.get(0)).startsWith("CREATE TABLE users (");
        assertThat(up.get(1)).startsWith("CREATE TABLE posts (").contains("REFERENCES users (id) ON DELETE CASCADE");
        assertThat(down).containsExactly("DROP TABLE posts", "DROP TABLE users");
    }

    @Test
    void onSqliteAChangeAlterTableCannotMakeRebuildsTheTableAndKeepsItsRowsAndCounter() {
        String stored = "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username VARCHAR(64) NOT NULL)";
        Table before = new Table("users", List.of(ID, USERNAME), List.of("id"), true, List.of(), List.of(), List.of(),
                stored);
        Schema database = Schema.of(List.of(before));
        Column nullableName = new Column("username", "VARCHAR(64)", true, null);
        Schema entities = Schema.of(List.of(users(List.of(ID, nullableName), List.of(), List.of())));
        List<Change> changes = SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.SQLITE);

        ScriptWriter.Script up = ScriptWriter.write(DatabaseKind.SQLITE, database, entities, changes);

        String temporary = SqliteRebuild.REBUILD_PREFIX + "users";
        assertThat(up.statements().get(0)).startsWith("CREATE TABLE " + temporary).doesNotContain("NOT NULL)");
        assertThat(up.statements()).contains(
                "INSERT INTO " + temporary + " (id, username) SELECT id, username FROM users",
                "DELETE FROM sqlite_sequence WHERE name = '" + temporary + "'",
                "DROP TABLE users",
                "ALTER TABLE " + temporary + " RENAME TO users");
        assertThat(up.warnings()).anyMatch(w -> w.startsWith("table users is rebuilt"));
    }

    @Test
    void onSqliteARebuildCreatesTheTablesTriggersAgainAfterTheRename() {
        String stored = "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username VARCHAR(64) NOT NULL)";
        String trigger = "CREATE TRIGGER users_feed AFTER INSERT ON users BEGIN SELECT new.id; END";
        Table before = new Table("users", List.of(ID, USERNAME), List.of("id"), true, List.of(), List.of(), List.of(),
                stored, List.of(trigger));
        Schema database = Schema.of(List.of(before));
        Column nullableName = new Column("username", "VARCHAR(64)", true, null);
        Schema entities = Schema.of(List.of(users(List.of(ID, nullableName), List.of(), List.of())));
        List<Change> changes = SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.SQLITE);

        ScriptWriter.Script up = ScriptWriter.write(DatabaseKind.SQLITE, database, entities, changes);

        String temporary = SqliteRebuild.REBUILD_PREFIX + "users";
        assertThat(up.statements()).containsSubsequence("DROP TABLE users", "ALTER TABLE " + temporary + " RENAME TO users",
                trigger);
        assertThat(up.warnings()).anyMatch(w -> w.startsWith("table users is rebuilt") && w.contains("and triggers"));
    }

    @Test
    void onSqliteAPlainNullableColumnIsAnAlterAndItsUndoADrop() {
        Table before = new Table("users", List.of(ID, USERNAME), List.of("id"), true, List.of(), List.of(), List.of(),
                "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username VARCHAR(64) NOT NULL)");
        Schema database = Schema.of(List.of(before));
        Schema entities = Schema.of(List.of(users(List.of(ID, USERNAME, BIO), List.of(), List.of())));
        List<Change> changes = SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.SQLITE);

        assertThat(ScriptWriter.write(DatabaseKind.SQLITE, database, entities, changes).statements())
                .containsExactly("ALTER TABLE users ADD COLUMN bio TEXT");
        assertThat(ScriptWriter.write(DatabaseKind.SQLITE, entities, database, SchemaDiff.reverse(changes)).statements())
                .containsExactly("ALTER TABLE users DROP COLUMN bio");
    }

    @Test
    void whatTheChangesLoseIsSaidForTheMigrationAndInItsOwnWordsForTheUndo() {
        Schema database = Schema.of(List.of(users(List.of(ID, USERNAME, BIO), List.of(), List.of())));
        Column about = new Column("about", "TEXT", false, null);
        Schema entities = Schema.of(List.of(users(List.of(ID, USERNAME, about), List.of(), List.of())));
        List<Change> changes = SchemaDiff.compare(database, entities, Set.of("users"), DatabaseKind.POSTGRESQL);

        assertThat(ChangeWarnings.ofMigration(changes)).containsExactly(
                "users.about is NOT NULL without a default: the script fails on a table that has rows; give it a "
                        + "default (@ColumnDefault) or fill it in the script",
                "users.bio -> about may be a rename: it is written as a drop plus an add, which loses the values; if it "
                        + "is a rename, write ALTER TABLE users RENAME COLUMN bio TO about instead",
                "users.bio is dropped with its values; undoing brings the column back empty");
        assertThat(ChangeWarnings.ofUndo(SchemaDiff.reverse(changes))).containsExactly(
                "undoing drops users.about with its values");
    }
}
