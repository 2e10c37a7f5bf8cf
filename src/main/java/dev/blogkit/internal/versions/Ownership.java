package dev.blogkit.internal.versions;

import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tables a migration set owns: those its own versions create. Read from the set's scripts in version
 * order: {@code CREATE TABLE t} makes {@code t} the set's, {@code ALTER TABLE a RENAME TO b} moves it (SQLite's
 * table rebuild), {@code DROP TABLE t} ends it. {@code check}, {@code generate}, {@code migrate} and {@code copy}
 * never touch a table that no set they were given owns; history tables are recognised by their columns, so that
 * BlogKit's, an application's and Flyway's default one are all left alone whatever they are called.
 */
public final class Ownership {

    private static final String NAME = "(?:\"([^\"]+)\"|`([^`]+)`|\\[([^]]+)]|([A-Za-z_][A-Za-z0-9_$]*))";
    private static final Pattern CREATE = Pattern.compile(
            "(?is)^CREATE\\s+(?:TEMP(?:ORARY)?\\s+|UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + NAME + "\\s*\\.\\s*)?" + NAME);
    private static final Pattern RENAME = Pattern.compile(
            "(?is)^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(?:" + NAME + "\\s*\\.\\s*)?" + NAME
                    + "\\s+RENAME\\s+TO\\s+" + NAME);
    private static final Pattern DROP = Pattern.compile(
            "(?is)^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:" + NAME + "\\s*\\.\\s*)?" + NAME);
    /** The columns of every Flyway history table (Flyway 9 to 13). */
    private static final Set<String> HISTORY_COLUMNS = Set.of("installed_rank", "version", "description", "type",
            "script", "checksum", "installed_by", "installed_on", "execution_time", "success");

    private Ownership() {
    }

    /** The tables that these scripts, run in this order, leave created. */
    public static Set<String> createdTables(List<String> scriptsInVersionOrder) {
        Set<String> owned = new LinkedHashSet<>();
        for (String script : scriptsInVersionOrder) {
            for (String statement : SqlStatements.split(script)) {
                Matcher create = CREATE.matcher(statement);
                Matcher rename = RENAME.matcher(statement);
                Matcher drop = DROP.matcher(statement);
                if (create.find()) {
                    owned.add(name(create, 5));
                } else if (rename.find()) {
                    if (owned.remove(name(rename, 5))) {
                        owned.add(name(rename, 9));
                    }
                } else if (drop.find()) {
                    owned.remove(name(drop, 5));
                }
            }
        }
        return owned;
    }

    /** Whether the table is a Flyway history table: BlogKit's, an application's or Flyway's default one. */
    static boolean isHistoryTable(Table table) {
        return table.columnNames().containsAll(HISTORY_COLUMNS);
    }

    /**
     * Why each table of {@code database} that is not {@code known} (compared, or plainly a given set's own) is left
     * alone, by table: a history table of a set that was not given, or a table that no given set created.
     *
     * @param sets the history tables of the sets that were given, which name them in messages
     */
    public static Map<String, String> ignored(Schema database, Set<String> known, Collection<String> sets) {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Table table : database.tables().values()) {
            String name = table.name();
            if (known.contains(name)) {
                continue;
            }
            reasons.put(name, isHistoryTable(table) ? "table " + name + " is the history table of migration set " + name
                    : "table " + name + " was created by no migration of " + String.join(" or ", sets) + otherSets(database));
        }
        return reasons;
    }

    /** The history tables of the database, each the mark of a migration set of its own. */
    public static List<String> historyTables(Schema database) {
        return database.tables().values().stream().filter(Ownership::isHistoryTable).map(Table::name).toList();
    }

    private static String otherSets(Schema database) {
        List<String> histories = historyTables(database);
        return histories.isEmpty() ? "" : " (migration sets in this database: " + String.join(", ", histories) + ")";
    }

    private static String name(Matcher m, int firstGroup) {
        for (int g = firstGroup; g < firstGroup + 4; g++) {
            if (m.group(g) != null) {
                return m.group(g).toLowerCase(Locale.ROOT);
            }
        }
        throw new IllegalStateException("no table name in " + m.group());
    }
}
