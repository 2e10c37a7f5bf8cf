package dev.blogkit.internal.schema;

import dev.blogkit.DatabaseKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A schema as {@code check} and {@code generate} compare it: tables with their columns, primary key, indexes,
 * unique constraints and foreign keys. Read from the entities ({@link EntitySchemaReader}) or from a database
 * ({@link DatabaseSchemaReader}). Names are as the SQL spells them, lower case.
 */
public final class SchemaModel {

    private SchemaModel() {
    }

    /** The tables of a schema, by name. */
    public record Schema(Map<String, Table> tables) {

        public Schema {
            tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        }

        public static Schema of(Collection<Table> tables) {
            Map<String, Table> byName = new LinkedHashMap<>();
            tables.stream().sorted(java.util.Comparator.comparing(Table::name)).forEach(t -> byName.put(t.name(), t));
            return new Schema(byName);
        }

        public Optional<Table> table(String name) {
            return Optional.ofNullable(tables.get(name));
        }

        /** This schema where {@code replacement} takes the place of the table of the same name, or is added. */
        public Schema with(Table replacement) {
            List<Table> all = new ArrayList<>(tables.values());
            all.removeIf(t -> t.name().equals(replacement.name()));
            all.add(replacement);
            return of(all);
        }

        public Schema without(String tableName) {
            List<Table> all = new ArrayList<>(tables.values());
            all.removeIf(t -> t.name().equals(tableName));
            return of(all);
        }
    }

    /**
     * A table.
     *
     * @param primaryKey the primary key's columns, in key order
     * @param autoIncrement whether the single-column integer primary key takes its values from the database
     *     (SQLite AUTOINCREMENT, PostgreSQL identity)
     * @param createSql for a table read from SQLite, its CREATE TABLE statement as stored; null otherwise
     */
    public record Table(String name, List<Column> columns, List<String> primaryKey, boolean autoIncrement,
                 List<Index> indexes, List<Unique> uniques, List<ForeignKey> foreignKeys, String createSql,
                 List<String> triggers) {

        /** A table without triggers (an entity's, or a PostgreSQL table's: only SQLite's triggers are read). */
        public Table(String name, List<Column> columns, List<String> primaryKey, boolean autoIncrement,
                List<Index> indexes, List<Unique> uniques, List<ForeignKey> foreignKeys, String createSql) {
            this(name, columns, primaryKey, autoIncrement, indexes, uniques, foreignKeys, createSql, List.of());
        }

        public Table {
            triggers = List.copyOf(triggers);
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            indexes = List.copyOf(indexes);
            uniques = List.copyOf(uniques);
            foreignKeys = List.copyOf(foreignKeys);
        }

        public Optional<Column> column(String columnName) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
        }

        public List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }
    }

    /**
     * A column.
     *
     * @param type the declared type as the database or the dialect spells it, for example {@code VARCHAR(64)}
     * @param defaultValue the DEFAULT expression as SQL, or null
     */
    public record Column(String name, String type, boolean nullable, String defaultValue) {

        /** The kind of value the type holds, so that INTEGER and BIGINT, TEXT and VARCHAR(64) compare equal. */
        public TypeFamily family() {
            return TypeFamily.of(type);
        }

        /** Whether the two hold the same kind of value; types of no known family compare by name. */
        boolean sameFamily(Column other) {
            return family() == other.family() && (family() != TypeFamily.OTHER
                    || type.strip().equalsIgnoreCase(other.type.strip()));
        }

        /**
         * Whether the two types take the same values on this database. SQLite enforces neither lengths nor widths,
         * so there the family decides. On PostgreSQL the type itself, whatever its spelling ({@code int8} and
         * {@code BIGINT}, {@code CHARACTER VARYING(64)} and {@code VARCHAR(64)}), with the length of a text type
         * ({@code TEXT} and an unbounded {@code VARCHAR} are one) and the precision and scale of a numeric one.
         */
        boolean sameType(Column other, DatabaseKind kind) {
            if (kind == DatabaseKind.SQLITE) {
                return sameFamily(other);
            }
            String canonical = postgresqlType(type);
            if (!canonical.equals(postgresqlType(other.type))) {
                return false;
            }
            boolean sized = canonical.equals("text") || canonical.equals("character") || canonical.equals("numeric");
            return !sized || modifiers(type).equals(modifiers(other.type));
        }

        /**
         * Whether the two defaults are one, however each database spells it: PostgreSQL's casts
         * ({@code 'draft'::character varying}, {@code '-1'::integer}) and SQLite's parentheses go, and what is not a
         * quoted string compares without case ({@code CURRENT_TIMESTAMP}, {@code current_timestamp}).
         */
        boolean sameDefault(Column other) {
            return java.util.Objects.equals(normalDefault(defaultValue), normalDefault(other.defaultValue));
        }

        private static final java.util.regex.Pattern CAST =
                java.util.regex.Pattern.compile("(?s)(.*?)::[a-z][a-z0-9_ ]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\[])?");
        private static final java.util.regex.Pattern QUOTED_NUMBER = java.util.regex.Pattern.compile("'(-?\\d+(\\.\\d+)?)'");

        static String normalDefault(String value) {
            if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("NULL")) {
                return null;
            }
            String v = value.strip();
            boolean cast = false;
            for (boolean changed = true; changed; ) {
                changed = false;
                java.util.regex.Matcher m = CAST.matcher(v);
                if (!v.endsWith("'") && m.matches()) {
                    v = m.group(1).strip();
                    cast = changed = true;
                }
                if (v.length() > 1 && v.startsWith("(") && v.endsWith(")") && balanced(v.substring(1, v.length() - 1))) {
                    v = v.substring(1, v.length() - 1).strip();
                    changed = true;
                }
            }
            java.util.regex.Matcher number = QUOTED_NUMBER.matcher(v);
            if (cast && number.matches()) {
                v = number.group(1);
            }
            return v.startsWith("'") ? v : v.toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether every parenthesis outside quotes closes one opened before it. */
        private static boolean balanced(String text) {
            int depth = 0;
            boolean quoted = false;
            for (char c : text.toCharArray()) {
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')' && --depth < 0) {
                    return false;
                }
            }
            return depth == 0;
        }

        /** A default as messages show it, without a database's own casts: NULL for none. */
        static String shownDefault(String value) {
            String normal = normalDefault(value);
            return normal == null ? "NULL" : normal;
        }

        private static final java.util.regex.Pattern MODIFIERS = java.util.regex.Pattern.compile("\\(([^)]*)\\)");

        /** The numbers in a type's parentheses: {@code VARCHAR(64)} gives [64], {@code NUMERIC(10, 2)} [10, 2]. */
        static List<Integer> modifiers(String type) {
            java.util.regex.Matcher m = MODIFIERS.matcher(type);
            if (!m.find()) {
                return List.of();
            }
            List<Integer> numbers = new ArrayList<>();
            for (String part : m.group(1).split(",")) {
                numbers.add(Integer.parseInt(part.strip()));
            }
            return List.copyOf(numbers);
        }

        /** PostgreSQL's name of a type, whatever its spelling, without its modifiers. */
        static String postgresqlType(String type) {
            String name = type.toLowerCase(Locale.ROOT).replaceAll("\\(.*?\\)", " ").replaceAll("\\s+", " ").strip();
            return switch (name) {
                case "int2", "smallint", "smallserial", "serial2" -> "smallint";
                case "int", "int4", "integer", "serial", "serial4" -> "integer";
                case "int8", "bigint", "bigserial", "serial8" -> "bigint";
                case "float4", "real" -> "real";
                case "float8", "float", "double precision" -> "double precision";
                // a bounded VARCHAR is text of a length; an unbounded one is text
                case "varchar", "character varying", "text" -> "text";
                case "char", "character", "bpchar" -> "character";
                case "bool", "boolean" -> "boolean";
                case "decimal", "numeric" -> "numeric";
                case "timestamptz", "timestamp with time zone" -> "timestamp with time zone";
                case "timestamp", "timestamp without time zone" -> "timestamp";
                case "timetz", "time with time zone" -> "time with time zone";
                case "time", "time without time zone" -> "time";
                default -> name;
            };
        }
    }

    /** An index that is not a unique constraint: {@code CREATE [UNIQUE] INDEX}. */
    public record Index(String name, List<String> columns, boolean unique, String createSql) {

        public Index {
            columns = List.copyOf(columns);
        }
    }

    /** A UNIQUE constraint; its name is null where the database keeps none. */
    public record Unique(String name, List<String> columns) {

        public Unique {
            columns = List.copyOf(columns);
        }
    }

    /**
     * A foreign key.
     *
     * @param onDelete the action as SQL spells it: {@code NO ACTION}, {@code CASCADE}, {@code SET NULL},
     *     {@code SET DEFAULT} or {@code RESTRICT}
     */
    public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
                      String onDelete) {

        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }

        /** What the constraint does, whatever its name. */
        boolean sameAs(ForeignKey other) {
            return columns.equals(other.columns) && referencedTable.equals(other.referencedTable)
                    && referencedColumns.equals(other.referencedColumns) && onDelete.equals(other.onDelete);
        }
    }

    /** Kinds of column values; a change of family is a change of type. */
    public enum TypeFamily {
        INTEGER, TEXT, BOOLEAN, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE, DATE, TIME, REAL, NUMERIC, BINARY, UUID, OTHER;

        static TypeFamily of(String declaredType) {
            String type = declaredType == null ? "" : declaredType.toLowerCase(Locale.ROOT).replaceAll("\\(.*?\\)", " ")
                    .replaceAll("\\s+", " ").strip();
            if (type.startsWith("timestamp") || type.startsWith("datetime")) {
                return type.contains("with time zone") || type.equals("timestamptz")
                        ? TIMESTAMP_WITH_TIME_ZONE : TIMESTAMP;
            }
            if (type.matches("(big|small|tiny|medium)?int(eger|[248])?|(big|small)?serial[248]?|unsigned big int")) {
                return INTEGER;
            }
            if (type.contains("char") || type.contains("text") || type.contains("clob") || type.equals("string")) {
                return TEXT;
            }
            if (type.startsWith("bool")) {
                return BOOLEAN;
            }
            if (type.equals("date")) {
                return DATE;
            }
            if (type.startsWith("time")) {
                return TIME;
            }
            if (type.contains("real") || type.contains("floa") || type.contains("doub")) {
                return REAL;
            }
            if (type.startsWith("numeric") || type.startsWith("decimal")) {
                return NUMERIC;
            }
            if (type.contains("blob") || type.contains("binary") || type.equals("bytea")) {
                return BINARY;
            }
            if (type.equals("uuid")) {
                return UUID;
            }
            return OTHER;
        }
    }
}
