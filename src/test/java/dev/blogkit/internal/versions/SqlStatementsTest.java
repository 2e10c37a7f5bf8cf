package dev.blogkit.internal.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.migration.MigrationException;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsAtSemicolonsAndDropsCommentsAndBlankStatements() {
        assertThat(SqlStatements.split("""
                -- a comment; with a semicolon
                DROP TABLE a;
                /* another; comment */ DROP TABLE b ;;
                ALTER TABLE c DROP COLUMN d
                """))
                .containsExactly("DROP TABLE a", "DROP TABLE b", "ALTER TABLE c DROP COLUMN d");
    }

    @Test
    void keepsSemicolonsAndCommentMarkersInsideQuotes() {
        assertThat(SqlStatements.split("INSERT INTO t VALUES ('a;b', 'it''s -- fine', \"odd;name\"); DELETE FROM [x;y]"))
                .containsExactly("INSERT INTO t VALUES ('a;b', 'it''s -- fine', \"odd;name\")", "DELETE FROM [x;y]");
    }

    @Test
    void keepsATriggersBodyAndADollarQuotedFunctionInOneStatement() {
        String trigger = """
                CREATE TRIGGER posts_search_update AFTER UPDATE OF title, body ON posts BEGIN
                    INSERT INTO log (what) VALUES (CASE WHEN new.title = 'x;' THEN 'a' ELSE 'b' END);
                    INSERT INTO log (what) VALUES ('end');
                END""";
        String function = "CREATE FUNCTION f(text) RETURNS text LANGUAGE sql AS $body$ SELECT $1; $body$";
        String script = "CREATE TABLE log (what TEXT);\n" + trigger + ";\n" + function + ";\n"
                + "create temp trigger t after delete on log begin delete from log; end;\nSELECT $$a;b$$, 'END';";

        assertThat(SqlStatements.split(script)).containsExactly("CREATE TABLE log (what TEXT)", trigger, function,
                "create temp trigger t after delete on log begin delete from log; end", "SELECT $$a;b$$, 'END'");
    }

    @Test
    void refusesUnterminatedQuotesAndComments() {
        assertThatThrownBy(() -> SqlStatements.split("SELECT 'open")).isInstanceOf(MigrationException.class);
        assertThatThrownBy(() -> SqlStatements.split("SELECT 1 /* open")).isInstanceOf(MigrationException.class);
    }
}
