package dev.blogkit.internal.versions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Where the SQL of an undo goes: run on a connection, or written out for a dry run. The undo walks its plan once,
 * through one of the two, so that what a dry run prints is what a real run executes, in the same order (Hibernate's
 * {@code GenerationTarget} does the same for its schema tools).
 */
interface SqlTarget {

    /** One statement, without its semicolon. */
    void execute(String sql) throws SQLException;

    /** A note for a reader of the SQL; a run has no reader. */
    void comment(String text);

    /** Saves a copy of the database, inside the transaction begun, before anything changes. */
    void saveCopy(Path file) throws SQLException;

    /** Refuses the changes so far if a row's foreign key points to no row (SQLite, whose checks are off meanwhile). */
    void checkForeignKeys() throws SQLException;

    /** A step SQL cannot take, run in Java on the undo's connection; a dry run names it. */
    void javaStep(String description, JavaStep step) throws SQLException;

    @FunctionalInterface
    interface JavaStep {
        void run(Connection connection) throws SQLException;
    }

    /** Runs the statements on {@code connection}; a copy is read through {@code reader}, its own connection. */
    static SqlTarget run(Connection connection, Statement statement, Connection reader) {
        return new SqlTarget() {
            @Override
            public void execute(String sql) throws SQLException {
                statement.execute(sql);
            }

            @Override
            public void comment(String text) {
                // a run has no reader
            }

            @Override
            public void saveCopy(Path file) throws SQLException {
                SqliteFile.backup(reader, file);
            }

            @Override
            public void checkForeignKeys() throws SQLException {
                List<String> violations = ForeignKeyCheck.violations(connection);
                if (!violations.isEmpty()) {
                    throw new SQLException("it leaves rows whose foreign key points to no row: "
                            + String.join(", ", violations));
                }
            }

            @Override
            public void javaStep(String description, JavaStep step) throws SQLException {
                step.run(connection);
            }
        };
    }

    /** Writes the statements into {@code sql}, each ended by a semicolon and a new line. */
    static SqlTarget print(StringBuilder sql) {
        return new SqlTarget() {
            @Override
            public void execute(String statement) {
                sql.append(statement).append(";\n");
            }

            @Override
            public void comment(String text) {
                sql.append("-- ").append(text).append('\n');
            }

            @Override
            public void saveCopy(Path file) {
                comment("BlogKit saves a copy of the database as " + file.getFileName());
            }

            @Override
            public void checkForeignKeys() {
                // checked when it runs: a dry run has no rows to check
            }

            @Override
            public void javaStep(String description, JavaStep step) {
                comment("BlogKit " + description + " (in Java)");
            }
        };
    }
}
