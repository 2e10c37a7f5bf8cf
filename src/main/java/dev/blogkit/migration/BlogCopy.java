package dev.blogkit.migration;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.schema.SchemaModel.Column;
import dev.blogkit.internal.schema.SchemaModel.ForeignKey;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.SchemaModel;
import dev.blogkit.internal.versions.MigrateAll;
import dev.blogkit.internal.versions.SqliteFile;
import dev.blogkit.internal.versions.VersionedSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a blog, with the application's own tables, to another database, for example from an SQLite file to
 * PostgreSQL when it outgrows one machine: migrates the target with every migration set it is given (BlogKit's,
 * and the application's), copies every table those sets own, in foreign-key order, with the columns read from
 * the source's schema (so that a column added later is never left behind), ids and timestamps included, in
 * batches; moves the target's id sequences past the copied ids, and checks each table's count. A source table
 * that no given set owns makes it refuse, unless excluded explicitly: nothing is left behind silently. History
 * tables are not copied (the target has its own, from its migrations), nor BlogKit's settings: the target keeps
 * its own cursor key, so cursors handed out by the source do not work on the target.
 *
 * <p>All or nothing: the rows go in one transaction, and if the copy fails after this call migrated the target,
 * those migrations are undone again, so the target is left as it was.
 */
public final class BlogCopy {

    private static final Logger log = LoggerFactory.getLogger(BlogCopy.class);
    private static final int BATCH = 1000;
    /** BlogKit's own tables that stay with their database: the cursor key signs that database's cursors. */
    private static final Set<String> NOT_COPIED = Set.of("blogkit_settings");

    /**
     * What {@link #copy} copied.
     *
     * @param rows the rows copied, by table, in the order they were copied
     */
    public record Report(long users, long posts, Duration duration, Map<String, Long> rows) {

        public Report {
            rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        }
    }

    /** Told after each batch how many rows of how many are copied. */
    @FunctionalInterface
    public interface Progress {
        void copied(long rows, long totalRows);
    }

    private BlogCopy() {
    }

    /**
     * Copies the blog at {@code fromUrl} into {@code toUrl}: BlogKit's tables only, and it refuses a source
     * that holds other tables; {@link #copy(BlogConfig, BlogConfig, boolean, Set, Progress)} copies an
     * application's tables too.
     */
    public static Report copy(String fromUrl, String toUrl, boolean intoNonEmptyTarget, Progress progress) {
        return copy(BlogConfig.builder(fromUrl).build(), BlogConfig.builder(toUrl).build(), intoNonEmptyTarget, Set.of(),
                progress);
    }

    /**
     * Copies the database of {@code from} into the database of {@code to}, with every migration set {@code from}
     * configures ({@link BlogConfig.Builder#migrations}): BlogKit's tables and the application's.
     *
     * @param to the target; its migrations are taken from {@code from}, only its URL and settings count
     * @param intoNonEmptyTarget false to refuse a target whose tables already hold rows
     * @param excludedTables source tables to leave behind on purpose, by name
     * @throws MigrationException if the source is an SQLite file that does not exist, a source set is not at its newest version, the source holds a table that no
     *     set owns and that is not excluded, the target holds rows and {@code intoNonEmptyTarget} is false, or
     *     the copy fails (the target is then left as it was)
     */
    public static Report copy(BlogConfig from, BlogConfig to, boolean intoNonEmptyTarget, Set<String> excludedTables,
            Progress progress) {
        if (progress == null) {
            throw new InvalidInputException("progress", "progress must not be null; pass (rows, total) -> { } for none");
        }
        if (from == null || to == null || excludedTables == null) {
            throw new InvalidInputException("config", "the source, the target and the excluded tables must not be null");
        }
        if (from.databaseFile().map(java.nio.file.Files::notExists).orElse(false)) {
            throw new MigrationException("the source database file " + from.databaseFile().get() + " does not exist");
        }
        BlogConfig target = withSets(to, from);
        if (from.jdbcUrl().equals(target.jdbcUrl())) {
            throw new MigrationException("the source and the target are the same database: " + from.displayUrl());
        }
        long start = System.nanoTime();
        List<VersionedSet> sources = VersionedSet.allOf(from);
        sources.forEach(VersionedSet::requireUpToDate);
        Schema sourceSchema = sources.get(0).readSchema();
        List<String> tables = tablesToCopy(sources, sourceSchema, excludedTables);

        List<VersionedSet> targets = VersionedSet.allOf(target);
        requireSameVersions(sources, targets);
        boolean newTargetFile = target.databaseFile().map(java.nio.file.Files::notExists).orElse(false);
        // every set's refusals first, read-only; a set that fails takes back the sets migrated before it, history
        // tables included, so that a refused or failed copy leaves the target as it was
        MigrateAll.Applied applied = MigrateAll.apply(targets, null);
        try {
            Schema targetSchema = targets.get(0).readSchema();
            try (Connection source = sources.get(0).readOnlyDataSource().getConnection();
                 Connection destination = targets.get(0).dataSource().getConnection()) {
                source.setAutoCommit(false);
                destination.setAutoCommit(false);
                try {
                    Map<String, Long> rows = copyRows(source, destination, sourceSchema, targetSchema, tables,
                            from.kind(), target.kind(), intoNonEmptyTarget, progress);
                    destination.commit();
                    Report report = new Report(rows.getOrDefault("users", 0L), rows.getOrDefault("posts", 0L),
                            Duration.ofNanos(System.nanoTime() - start), rows);
                    log.info("copied {} tables ({} rows)", rows.size(), rows.values().stream().mapToLong(Long::longValue).sum());
                    return report;
                } catch (SQLException | RuntimeException e) {
                    destination.rollback();
                    throw e;
                } finally {
                    source.rollback();
                }
            }
        } catch (SQLException | RuntimeException e) {
            MigrationException failure = e instanceof MigrationException migrationException ? migrationException
                    : new MigrationException("copy failed, the target is as it was: " + e.getMessage(), e);
            if (newTargetFile) {
                // nothing is left of a copy that failed: the target file it created goes
                SqliteFile.removeCreated(target.databaseFile().get(), failure);
            } else {
                applied.takeBack(failure);
            }
            throw failure;
        }
    }

    /** The target's URL and settings, with the migration sets of the source. */
    private static BlogConfig withSets(BlogConfig to, BlogConfig from) {
        if (to.migrationLocation().isPresent() && !to.migrationLocation().equals(from.migrationLocation())) {
            throw new InvalidInputException("to", "the target names the application's migrations "
                    + to.migrationLocation().get() + ", the source " + from.migrationLocation().orElse("none")
                    + ": the copy takes the source's; give the target its URL and connection settings alone");
        }
        BlogConfig.Builder target = to.sameDatabase().classLoader(from.classLoader())
                .migrationDatabases(from.migrationDatabases().toArray(DatabaseKind[]::new));
        if (from.migrationLocation().isPresent()) {
            if (!from.migrationDatabases().contains(to.kind())) {
                throw new MigrationException("the application's migrations are written for "
                        + from.migrationDatabases().stream().map(DatabaseKind::folder).toList() + " alone, not for "
                        + to.kind().folder() + ", so the copy has no schema to go into " + to.displayUrl()
                        + ": write them for " + to.kind().folder() + " too (BlogConfig.Builder.migrationDatabases); "
                        + "nothing was changed");
            }
            target.migrations(from.migrationLocation().get(), from.historyTable());
        }
        return target.build();
    }

    /**
     * Refuses a pair of sets whose versions differ: the source at a version the target's scripts do not end at
     * (SQLite at V2 while the PostgreSQL scripts hold V1 alone) would be copied into another schema than its own.
     */
    private static void requireSameVersions(List<VersionedSet> sources, List<VersionedSet> targets) {
        for (int i = 0; i < sources.size(); i++) {
            VersionedSet source = sources.get(i);
            List<VersionInfo> known = targets.get(i).historyOfNewSet();
            String newest = known.isEmpty() ? VersionedSet.EMPTY : known.get(known.size() - 1).version();
            String at = source.currentVersion().orElse(VersionedSet.EMPTY);
            if (!newest.equals(at)) {
                throw new MigrationException(source.owner() + " migrations are at version " + at + " in the source, but"
                        + " their " + targets.get(i).config().kind().folder() + " scripts at "
                        + String.join(", ", targets.get(i).set().migrationLocations()) + " end at version " + newest
                        + ": every database must have every version (generate writes each version for all of them);"
                        + " nothing was changed");
            }
        }
    }

    /**
     * The source tables the given sets own, parents before children; refuses a table no set owns unless it is
     * excluded, and an excluded table the source does not have (a typo would otherwise exclude nothing).
     */
    private static List<String> tablesToCopy(List<VersionedSet> sets, Schema source, Set<String> excluded) {
        Set<String> owned = new HashSet<>();
        Set<String> histories = new HashSet<>();
        for (VersionedSet set : sets) {
            owned.addAll(set.ownedTables());
            histories.add(set.set().historyTable());
        }
        List<String> unknownExcluded = excluded.stream().filter(t -> !source.tables().containsKey(t)).sorted().toList();
        if (!unknownExcluded.isEmpty()) {
            throw new MigrationException("the source has no table " + String.join(", ", unknownExcluded)
                    + " to exclude; nothing was changed");
        }
        List<String> unowned = source.tables().keySet().stream()
                .filter(t -> !owned.contains(t) && !histories.contains(t) && !excluded.contains(t)).sorted().toList();
        if (!unowned.isEmpty()) {
            throw new MigrationException("refusing to copy: the source holds tables that no given migration set owns ("
                    + String.join(", ", unowned) + "): give the application's migrations (BlogConfig.Builder.migrations(location, historyTable)), "
                    + "or leave the tables behind on purpose (excludedTables " + String.join(",", unowned) + ")"
                    + "; nothing was changed");
        }
        List<Table> copied = source.tables().values().stream()
                .filter(t -> owned.contains(t.name()) && !excluded.contains(t.name()) && !NOT_COPIED.contains(t.name()))
                .toList();
        return parentsFirst(copied);
    }

    /** Tables ordered so that every table comes after the tables its foreign keys reference. */
    private static List<String> parentsFirst(List<Table> tables) {
        Map<String, Table> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        List<String> ordered = new ArrayList<>();
        Set<String> visiting = new HashSet<>();
        for (String name : byName.keySet()) {
            visit(name, byName, visiting, ordered);
        }
        return ordered;
    }

    private static void visit(String name, Map<String, Table> tables, Set<String> visiting, List<String> ordered) {
        if (ordered.contains(name) || !tables.containsKey(name) || !visiting.add(name)) {
            return;
        }
        for (ForeignKey fk : tables.get(name).foreignKeys()) {
            visit(fk.referencedTable(), tables, visiting, ordered);
        }
        ordered.add(name);
    }

    private static Map<String, Long> copyRows(Connection from, Connection to, Schema sourceSchema, Schema targetSchema,
            List<String> tables, DatabaseKind fromKind, DatabaseKind toKind, boolean intoNonEmptyTarget,
            Progress progress) throws SQLException {
        Map<String, Long> sourceRows = new LinkedHashMap<>();
        Map<String, Long> targetRowsBefore = new LinkedHashMap<>();
        for (String table : tables) {
            sourceRows.put(table, count(from, table));
            targetRowsBefore.put(table, count(to, table));
        }
        List<String> holding = targetRowsBefore.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        if (!intoNonEmptyTarget && !holding.isEmpty()) {
            throw new MigrationException("the target already holds rows in " + String.join(", ", holding)
                    + ": refusing to copy into it (intoNonEmptyTarget true allows it)");
        }
        long[] done = {0};
        long total = sourceRows.values().stream().mapToLong(Long::longValue).sum();
        for (String table : tables) {
            Table source = sourceSchema.table(table).orElseThrow();
            Table target = targetSchema.table(table).orElseThrow(() -> new MigrationException(
                    "the target has no table " + table + " after its migrations"));
            List<Column> targetColumns = new ArrayList<>();
            for (Column column : source.columns()) {
                targetColumns.add(target.column(column.name()).orElseThrow(() -> new MigrationException(
                        "column " + table + "." + column.name() + " has no place in the target: its migrations differ "
                                + "from the source's")));
            }
            copyTable(from, to, source, targetColumns, fromKind, toKind, done, total, progress);
        }
        moveSequences(from, fromKind, to, toKind, tables, targetSchema);
        Map<String, Long> copied = new LinkedHashMap<>();
        for (String table : tables) {
            long rows = count(to, table) - targetRowsBefore.get(table);
            if (rows != sourceRows.get(table)) {
                throw new MigrationException("the counts differ after the copy: " + rows + " of " + sourceRows.get(table)
                        + " rows of " + table);
            }
            copied.put(table, rows);
        }
        return copied;
    }

    private static void copyTable(Connection from, Connection to, Table source, List<Column> targetColumns,
            DatabaseKind fromKind, DatabaseKind toKind, long[] done, long total, Progress progress) throws SQLException {
        List<String> names = source.columnNames();
        String columns = String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
        String order = source.primaryKey().isEmpty() ? "" : " ORDER BY "
                + String.join(", ", source.primaryKey().stream().map(n -> "\"" + n + "\"").toList());
        String insertSql = "INSERT INTO " + source.name() + " (" + columns + ") VALUES ("
                + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
        try (Statement query = from.createStatement(); PreparedStatement insert = to.prepareStatement(insertSql)) {
            query.setFetchSize(BATCH);
            try (ResultSet rs = query.executeQuery("SELECT " + columns + " FROM " + source.name() + order)) {
                int pending = 0;
                while (rs.next()) {
                    for (int i = 0; i < names.size(); i++) {
                        copyValue(rs, insert, i + 1, targetColumns.get(i), fromKind, toKind);
                    }
                    insert.addBatch();
                    if (++pending == BATCH) {
                        insert.executeBatch();
                        done[0] += pending;
                        pending = 0;
                        progress.copied(done[0], total);
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                    done[0] += pending;
                    progress.copied(done[0], total);
                }
            }
        }
    }

    /** One value, in the form the target column takes: timestamps are INTEGER milliseconds on SQLite. */
    private static void copyValue(ResultSet rs, PreparedStatement insert, int i, Column target, DatabaseKind fromKind,
            DatabaseKind toKind) throws SQLException {
        switch (target.family()) {
            case TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> {
                Instant value = instant(rs, i, fromKind);
                if (value == null) {
                    insert.setNull(i, toKind == DatabaseKind.SQLITE ? Types.BIGINT : Types.TIMESTAMP_WITH_TIMEZONE);
                } else if (toKind == DatabaseKind.SQLITE) {
                    insert.setLong(i, value.toEpochMilli());
                } else if (target.family() == SchemaModel.TypeFamily.TIMESTAMP) {
                    insert.setObject(i, value.atOffset(ZoneOffset.UTC).toLocalDateTime(), Types.TIMESTAMP);
                } else {
                    insert.setObject(i, value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                }
            }
            case BOOLEAN -> {
                boolean value = rs.getBoolean(i);
                if (rs.wasNull()) {
                    insert.setNull(i, Types.BOOLEAN);
                } else {
                    insert.setBoolean(i, value);
                }
            }
            case INTEGER -> {
                long value = rs.getLong(i);
                if (rs.wasNull()) {
                    insert.setNull(i, Types.BIGINT);
                } else {
                    insert.setLong(i, value);
                }
            }
            case TEXT -> insert.setString(i, rs.getString(i));
            case BINARY -> insert.setBytes(i, rs.getBytes(i));
            default -> insert.setObject(i, rs.getObject(i));
        }
    }

    private static Instant instant(ResultSet rs, int i, DatabaseKind kind) throws SQLException {
        if (kind == DatabaseKind.SQLITE) {
            Object value = rs.getObject(i);
            if (value == null) {
                return null;
            }
            if (value instanceof Number millis) {
                return Instant.ofEpochMilli(millis.longValue());
            }
            throw new MigrationException("a timestamp that is not INTEGER milliseconds: '" + value + "'");
        }
        OffsetDateTime value = rs.getObject(i, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Every copied table's id sequence past every id the source ever gave, not only the ids copied: SQLite's
     * AUTOINCREMENT and PostgreSQL's sequences never give a deleted row's id again, and neither does the target
     * (an old link or a cached key never names another row).
     */
    private static void moveSequences(Connection from, DatabaseKind fromKind, Connection to, DatabaseKind toKind,
                                      List<String> tables, Schema schema) throws SQLException {
        for (String table : tables) {
            List<String> key = schema.table(table).orElseThrow().primaryKey();
            if (key.size() != 1) {
                continue;
            }
            String column = key.get(0);
            if (!hasIdSequence(to, toKind, schema.table(table).orElseThrow(), column)) {
                continue;
            }
            long highest = Math.max(highestGiven(from, fromKind, table, column), maxId(to, table, column));
            if (toKind == DatabaseKind.POSTGRESQL) {
                try (PreparedStatement move = to.prepareStatement(
                        "SELECT setval(pg_get_serial_sequence(?, ?), ?, false)")) {
                    move.setString(1, table);
                    move.setString(2, column);
                    move.setLong(3, highest + 1);
                    move.execute();
                }
            } else if (highest > 0) {
                // an AUTOINCREMENT table has its row here once it gave an id; an empty copy has none yet
                try (PreparedStatement move = to.prepareStatement(
                        "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?");
                     PreparedStatement first = to.prepareStatement("INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? "
                             + "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)")) {
                    move.setLong(1, highest);
                    move.setString(2, table);
                    move.executeUpdate();
                    first.setString(1, table);
                    first.setLong(2, highest);
                    first.setString(3, table);
                    first.executeUpdate();
                }
            }
        }
    }

    /** Whether the target gives the table's ids from a sequence: an identity or serial column, AUTOINCREMENT. */
    private static boolean hasIdSequence(Connection to, DatabaseKind kind, Table table, String column)
            throws SQLException {
        if (kind == DatabaseKind.SQLITE) {
            return table.autoIncrement() && hasSqliteSequence(to);
        }
        try (PreparedStatement sequence = to.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
            sequence.setString(1, table.name());
            sequence.setString(2, column);
            try (ResultSet rs = sequence.executeQuery()) {
                return rs.next() && rs.getString(1) != null;
            }
        }
    }

    /** The highest id the source ever gave in the table: its sequence's, which a deleted row's id may exceed. */
    private static long highestGiven(Connection from, DatabaseKind kind, String table, String column)
            throws SQLException {
        long highest = maxId(from, table, column);
        String query = kind == DatabaseKind.SQLITE
                ? (hasSqliteSequence(from) ? "SELECT seq FROM sqlite_sequence WHERE name = ?" : null)
                : "SELECT pg_sequence_last_value(pg_get_serial_sequence(?, ?))";
        if (query == null) {
            return highest;
        }
        try (PreparedStatement statement = from.prepareStatement(query)) {
            statement.setString(1, table);
            if (kind == DatabaseKind.POSTGRESQL) {
                statement.setString(2, column);
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    highest = Math.max(highest, rs.getLong(1));
                }
            }
        }
        return highest;
    }

    private static boolean hasSqliteSequence(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")) {
            return rs.next();
        }
    }

    private static long maxId(Connection connection, String table, String column) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COALESCE(max(\"" + column + "\"), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
