package dev.blogkit.internal.schema;

import dev.blogkit.migration.MigrationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an SQLite {@code CREATE TABLE} statement as SQLite stores it: each column definition and each
 * table constraint, as written. An SQLite table rebuild keeps what the entities cannot describe (CHECK
 * constraints, DEFAULTs, AUTOINCREMENT) by copying these parts, and the undo of a rebuild restores the stored
 * statement itself.
 */
public final class CreateTableSql {

    private static final Pattern IDENTIFIER = Pattern.compile("\"([^\"]+)\"|`([^`]+)`|\\[([^]]+)]|([A-Za-z_][A-Za-z0-9_$]*)");
    private static final Pattern NAMED_CONSTRAINT = Pattern.compile("(?is)^CONSTRAINT\\s+(\"[^\"]+\"|`[^`]+`|\\[[^]]+]|\\S+)\\s+(.*)$");

    private CreateTableSql() {
    }

    /**
     * One column definition or table constraint.
     *
     * @param column the column a definition defines; null for a table constraint
     * @param constraintName the name of a table constraint ({@code CONSTRAINT name ...}); null if unnamed
     * @param kind for a table constraint: {@code PRIMARY KEY}, {@code UNIQUE}, {@code CHECK} or {@code FOREIGN KEY}
     * @param columns for a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint, its own columns
     */
    public record Part(String text, String column, String constraintName, String kind, List<String> columns) {

        boolean isColumn() {
            return column != null;
        }

        /** Whether the part names this column anywhere (a CHECK's expression, a constraint's column list). */
        boolean mentions(String columnName) {
            Matcher m = IDENTIFIER.matcher(withoutStrings(text));
            while (m.find()) {
                if (identifier(m).equalsIgnoreCase(columnName)) {
                    return true;
                }
            }
            return false;
        }
    }

    public static List<Part> parts(String createTable) {
        int open = createTable.indexOf('(');
        if (open < 0) {
            throw new MigrationException("cannot read the table definition: " + createTable);
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = open + 1; i < createTable.length(); i++) {
            char c = createTable.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = createTable.indexOf(close, i + 1);
                if (end < 0) {
                    throw new MigrationException("cannot read the table definition: " + createTable);
                }
                current.append(createTable, i, end + 1);
                i = end;
            } else if (c == '-' && i + 1 < createTable.length() && createTable.charAt(i + 1) == '-') {
                int end = createTable.indexOf('\n', i);
                i = end < 0 ? createTable.length() : end;
            } else if (c == '(') {
                depth++;
                current.append(c);
            } else if (c == ')' && depth == 0) {
                add(parts, current);
                return parts;
            } else if (c == ')') {
                depth--;
                current.append(c);
            } else if (c == ',' && depth == 0) {
                add(parts, current);
            } else {
                current.append(c);
            }
        }
        throw new MigrationException("cannot read the table definition: " + createTable);
    }

    private static void add(List<Part> parts, StringBuilder current) {
        String text = current.toString().strip().replaceAll("\\s+", " ");
        current.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        String name = null;
        String body = text;
        Matcher named = NAMED_CONSTRAINT.matcher(text);
        if (named.matches()) {
            name = unquote(named.group(1));
            body = named.group(2);
        }
        String upper = body.toUpperCase(Locale.ROOT);
        String kind = upper.startsWith("PRIMARY KEY") ? "PRIMARY KEY" : upper.startsWith("UNIQUE") ? "UNIQUE"
                : upper.startsWith("CHECK") ? "CHECK" : upper.startsWith("FOREIGN KEY") ? "FOREIGN KEY" : null;
        if (kind == null) {
            Matcher first = IDENTIFIER.matcher(text);
            if (!first.lookingAt()) {
                throw new MigrationException("cannot read the column definition: " + text);
            }
            parts.add(new Part(text, identifier(first).toLowerCase(Locale.ROOT), null, null, List.of()));
            return;
        }
        List<String> columns = List.of();
        if (!kind.equals("CHECK")) {
            int start = body.indexOf('(');
            int end = body.indexOf(')', start);
            if (start >= 0 && end > start) {
                columns = new ArrayList<>();
                for (String column : body.substring(start + 1, end).split(",")) {
                    columns.add(unquote(column.strip().split("\\s+")[0]).toLowerCase(Locale.ROOT));
                }
            }
        }
        parts.add(new Part(text, null, name == null ? null : name.toLowerCase(Locale.ROOT), kind, List.copyOf(columns)));
    }

    private static String identifier(Matcher m) {
        for (int group = 1; group <= 4; group++) {
            if (m.group(group) != null) {
                return m.group(group);
            }
        }
        throw new IllegalStateException();
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && "\"`[".indexOf(name.charAt(0)) >= 0) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private static String withoutStrings(String text) {
        return text.replaceAll("'([^']|'')*'", "''");
    }
}
