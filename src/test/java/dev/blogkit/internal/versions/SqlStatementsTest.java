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
    void refusesUnterminatedQuotesAndComments() {
        assertThatThrownBy(() -> SqlStatements.split("SELECT 'open")).isInstanceOf(MigrationException.class);
        assertThatThrownBy(() -> SqlStatements.split("SELECT 1 /* open")).isInstanceOf(MigrationException.class);
    }
}
