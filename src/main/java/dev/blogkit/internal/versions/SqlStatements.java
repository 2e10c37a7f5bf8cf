package dev.blogkit.internal.versions;

import dev.blogkit.migration.MigrationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SQL script into statements at the semicolons that are outside quotes and comments. Trigger bodies
 * (BEGIN ... END with semicolons inside) are not supported: undo scripts that need one must say so.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                current.append('\n');
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new MigrationException("unterminated /* comment in SQL script");
                }
                i = end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = i + 1;
                while (true) {
                    end = script.indexOf(close, end);
                    if (end < 0) {
                        throw new MigrationException("unterminated " + c + " in SQL script");
                    }
                    // a doubled quote is an escaped quote
                    if (close != ']' && end + 1 < n && script.charAt(end + 1) == close) {
                        end += 2;
                        continue;
                    }
                    break;
                }
                current.append(script, i, end + 1);
                i = end + 1;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
