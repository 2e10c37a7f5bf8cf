package dev.blogkit.internal.versions;

import dev.blogkit.migration.MigrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an SQL script into statements at the semicolons that are outside quotes, comments, PostgreSQL's dollar
 * quotes ({@code $$ ... $$}, {@code $body$ ... $body$}) and the body of an SQLite trigger ({@code CREATE TRIGGER
 * ... BEGIN ...; ...; END}, whose CASE ... END expressions are counted so that their END does not end the body).
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        // BEGIN and CASE opened and not yet ENDed, in a CREATE TRIGGER statement
        int depth = 0;
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
            } else if (c == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int end = script.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new MigrationException("unterminated " + tag + " quote in SQL script");
                }
                current.append(script, i, end + tag.length());
                i = end + tag.length();
            } else if (Character.isLetter(c) && (i == 0 || !isWordCharacter(script.charAt(i - 1)))) {
                int end = i;
                while (end < n && isWordCharacter(script.charAt(end))) {
                    end++;
                }
                String word = script.substring(i, end).toUpperCase(Locale.ROOT);
                if (isTrigger(current)) {
                    if (word.equals("BEGIN") || word.equals("CASE")) {
                        depth++;
                    } else if (word.equals("END")) {
                        depth--;
                    }
                }
                current.append(script, i, end);
                i = end;
            } else if (c == ';' && depth <= 0) {
                add(statements, current);
                depth = 0;
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static final Pattern TRIGGER = Pattern.compile(
            "\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]*\\$");

    private static boolean isTrigger(CharSequence statement) {
        return TRIGGER.matcher(statement).lookingAt();
    }

    /** The dollar-quote tag that starts at {@code i} ({@code $$}, {@code $body$}), or null: {@code $1} is none. */
    private static String dollarTag(String script, int i) {
        Matcher matcher = DOLLAR_TAG.matcher(script).region(i, script.length());
        return matcher.lookingAt() ? matcher.group() : null;
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
