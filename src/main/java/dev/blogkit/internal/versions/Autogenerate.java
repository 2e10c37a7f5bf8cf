package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.schema.ChangeWarnings;
import dev.blogkit.internal.schema.EntitySchemaReader;
import dev.blogkit.internal.schema.SchemaDiff;
import dev.blogkit.internal.schema.SchemaModel.Schema;
import dev.blogkit.internal.schema.SchemaModel.Table;
import dev.blogkit.internal.schema.ScriptWriter;
import dev.blogkit.migration.GeneratedMigration;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.SchemaCheck;
import dev.blogkit.migration.ValidationReport;
import dev.blogkit.migration.VersionInfo;
import dev.blogkit.internal.orm.HibernateBootstrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Alembic's {@code check} and {@code revision --autogenerate} for BlogKit: compares the entities (BlogKit's and
 * the application's) with the database and reports the differences, or writes them as the next version of a
 * migration set together with its undo script.
 */
public final class Autogenerate {

    /** BlogKit's own tables that no entity maps: its versions own them, check and generate leave them be. */
    private static final Set<String> UNMAPPED = Set.of("blogkit_settings", "post_slug_suffixes");
    private static final Pattern SCRIPT_VERSION = Pattern.compile("V(\\d+)(?:[._]\\d+)*__.*\\.sql");

    private Autogenerate() {
    }

    /**
     * Everything {@link VersionedSet#validateVersions} checks and, when that holds for BlogKit's set or the
     * application's, the entities against the migrated schema: as Hibernate's validator sees it, and as check does.
     */
    public static ValidationReport validate(VersionedSet set) {
        List<String> problems = new ArrayList<>(set.validateVersions().problems());
        if (problems.isEmpty() && (set.set().equals(MigrationSet.blogkit(set.config().kind())) || set.set().application())) {
            problems.addAll(set.entityDrift());
            // what Hibernate's validator does not look at: indexes, unique constraints, foreign keys, extra tables
            // (pending versions are reported above already)
            schemaDifferences(set).forEach(d -> problems.add("the entities and the database differ: " + d));
        }
        return new ValidationReport(problems);
    }

    public static SchemaCheck check(VersionedSet migrations) {
        List<String> differences = new ArrayList<>();
        for (VersionedSet set : VersionedSet.allOf(migrations.config())) {
            if (set.awaitsFirstScript()) {
                // a set whose first version is still to be written: a difference, so that a wrong location is seen
                differences.add("no migration script at " + String.join(", ", set.set().migrationLocations())
                        + " yet: generate writes the first version (if there should be some, check --migrations"
                        + " and --classpath)");
                continue;
            }
            set.pending().forEach(v -> differences.add("pending: V" + v.version() + " (" + v.description()
                    + ") of " + set.owner() + " migrations: run migrate"));
        }
        Comparison comparison = compareAll(migrations);
        differences.addAll(comparison.differences());
        return new SchemaCheck(differences, comparison.ignored());
    }

    /** What separates every entity from the tables of the configured sets, as check prints it; pending versions aside. */
    public static List<String> schemaDifferences(VersionedSet migrations) {
        return compareAll(migrations).differences();
    }

    /** The differences, and why each table left out of the comparison was left out. */
    private record Comparison(List<String> differences, List<String> ignored) {
    }

    /**
     * Compares every entity (BlogKit's and the application's) with the tables of every configured set: the tables
     * their versions created and the tables the entities map. Any other table (another set's, a history table,
     * one nobody's migrations created) is left out and said so.
     */
    private static Comparison compareAll(VersionedSet migrations) {
        BlogConfig config = migrations.config();
        Schema database = migrations.readSchema();
        Schema entities = EntitySchemaReader.read(allEntities(config), config.kind()).schema();
        Map<String, Set<String>> owners = owners(migrations);
        Set<String> scope = new TreeSet<>(entities.tables().keySet());
        owners.values().forEach(scope::addAll);
        scope.removeAll(UNMAPPED);
        List<String> differences = SchemaDiff.compare(database, entities, scope, config.kind()).stream()
                .map(SchemaDiff.Change::describe).toList();
        return new Comparison(differences, ignored(database, scope, owners));
    }

    /**
     * The tables each set of the configuration owns, by the set's history table, BlogKit's first; the set that
     * {@code migrations} is stands for its history table. Each set's scripts are read once.
     */
    private static Map<String, Set<String>> owners(VersionedSet migrations) {
        Map<String, Set<String>> owners = new LinkedHashMap<>();
        for (VersionedSet set : VersionedSet.allOf(migrations.config())) {
            String history = set.set().historyTable();
            owners.put(history, (history.equals(migrations.set().historyTable()) ? migrations : set).ownedTables());
        }
        return owners;
    }

    /**
     * Why each table outside the scope was left alone; silent about what is plainly the configured sets' own (their
     * tables, their history tables, BlogKit's unmapped settings) and about SQLite's internal tables, never read.
     */
    private static List<String> ignored(Schema database, Set<String> scope, Map<String, Set<String>> owners) {
        Set<String> known = new HashSet<>(scope);
        known.addAll(owners.keySet());
        known.addAll(UNMAPPED);
        owners.values().forEach(known::addAll);
        return Ownership.ignored(database, known, owners.keySet()).values().stream().map(r -> "ignored: " + r).toList();
    }

    public static GeneratedMigration generate(VersionedSet migrations, String message, Path dir, boolean allowDrop) {
        String slug = slug(message);
        if (dir == null) {
            throw new InvalidInputException("dir", "the folder must not be null");
        }
        BlogConfig config = migrations.config();
        DatabaseKind kind = config.kind();
        // the application's tables may refer to BlogKit's, so BlogKit's must be up to date as well
        if (migrations.set().application()) {
            VersionedSet blogkit = VersionedSet.on(config);
            requireNothingPending(blogkit, blogkit.pending());
        }
        List<VersionInfo> history = migrations.historyOfNewSet();
        List<String> lost = history.stream().filter(v -> v.state() == VersionInfo.State.APPLIED_WITHOUT_SCRIPT)
                .map(v -> "V" + v.version()).toList();
        if (!lost.isEmpty()) {
            throw new MigrationException("the database has " + migrations.owner() + " versions " + String.join(", ", lost)
                    + " applied, but " + String.join(", ", migrations.set().migrationLocations()) + " does not hold their"
                    + " scripts: check the migrations location (--migrations, and --classpath for a classpath: location);"
                    + " nothing was written");
        }
        requireNothingPending(migrations, migrations.pending());
        requireScriptsApplied(dir, kind, history);

        Schema database = migrations.readSchema();
        EntitySchemaReader.Mapping mapping = EntitySchemaReader.read(allEntities(config), kind);
        Schema entities = mapping.schema();
        Map<String, Set<String>> owners = owners(migrations);
        Set<String> owned = owners.get(migrations.set().historyTable());
        Set<String> scope = new TreeSet<>(entities.tables().keySet());
        if (migrations.set().application()) {
            scope.removeAll(mapping.blogkitTables());
            owners.forEach((otherHistory, tables) -> {
                if (!otherHistory.equals(migrations.set().historyTable())) {
                    scope.removeAll(tables);
                }
            });
        } else {
            scope.retainAll(mapping.blogkitTables());
        }
        // a table no entity maps any more is dropped only if this set's own versions created it
        scope.addAll(owned);
        scope.removeAll(UNMAPPED);
        List<String> ignored = ignored(database, scope, owners);

        Schema desired = database;
        for (String table : scope) {
            Table wanted = entities.tables().get(table);
            desired = wanted == null ? desired.without(table) : desired.with(wanted);
        }
        List<SchemaDiff.Change> changes = SchemaDiff.compare(database, desired, scope, kind);
        String version = nextVersion(history, dir, kind);
        if (changes.isEmpty()) {
            return new GeneratedMigration(version, Optional.empty(), Optional.empty(), List.of(), List.of(), ignored);
        }
        List<String> drops = changes.stream()
                .filter(c -> c instanceof SchemaDiff.DropTable || c instanceof SchemaDiff.DropColumn)
                .map(SchemaDiff.Change::describe).toList();
        if (!drops.isEmpty() && !allowDrop) {
            throw new MigrationException("the next version would drop data (" + String.join("; ", drops) + "): "
                    + "nothing was written; if that is what you want, generate it with --allow-drop "
                    + "(Java: generate(message, dir, true))");
        }
        // compared once: the undo is the same changes reversed, written by the same writer
        List<SchemaDiff.Change> undoChanges = SchemaDiff.reverse(changes);
        ScriptWriter.Script up = ScriptWriter.write(kind, database, desired, changes);
        ScriptWriter.Script down = ScriptWriter.write(kind, desired, database, undoChanges);
        List<String> described = changes.stream().map(SchemaDiff.Change::describe).toList();
        Set<String> warnings = new LinkedHashSet<>(up.warnings());
        warnings.addAll(ChangeWarnings.ofMigration(changes));
        warnings.addAll(ChangeWarnings.ofUndo(undoChanges));

        String name = version + "__" + slug + ".sql";
        Path migrationFile = dir.resolve("migration").resolve(kind.folder()).resolve("V" + name);
        Path undoFile = dir.resolve("undo").resolve(kind.folder()).resolve("U" + name);
        for (Path file : List.of(migrationFile, undoFile)) {
            if (Files.exists(file)) {
                throw new MigrationException(file + " exists already: nothing was written");
            }
        }
        StringBuilder header = new StringBuilder("-- V" + version + ": " + message.strip() + "\n"
                + "-- Written by BlogKit's generate from the difference between the entities and the database:\n"
                + "-- review it before you commit it.\n");
        described.forEach(c -> header.append("--   ").append(c).append('\n'));
        warnings.forEach(w -> header.append("-- warning: ").append(w).append('\n'));
        String undoHeader = "-- Undoes V" + version + " (" + message.strip() + "). Written by BlogKit's generate.\n";
        try {
            Files.createDirectories(SqliteFile.folderOf(migrationFile));
            Files.createDirectories(SqliteFile.folderOf(undoFile));
            Files.writeString(migrationFile, header + "\n" + up.text(), StandardCharsets.UTF_8);
            Files.writeString(undoFile, undoHeader + "\n" + down.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationException("cannot write the scripts into " + dir + ": " + e.getMessage(), e);
        }
        return new GeneratedMigration(version, Optional.of(migrationFile), Optional.of(undoFile), described,
                List.copyOf(warnings), ignored);
    }

    private static void requireNothingPending(VersionedSet set, List<VersionInfo> pendingVersions) {
        List<String> pending = pendingVersions.stream().map(v -> "V" + v.version()).toList();
        if (!pending.isEmpty()) {
            throw new MigrationException("the database is not up to date (" + set.owner() + " " + String.join(", ", pending)
                    + " pending): migrate it first, so that the new version starts from the newest schema");
        }
    }

    /**
     * Refuses to write next to a script the database has not applied: the folder is not the one the set's location
     * reads (a wrong --migrations or --dir), or a version was written and never migrated; either way the next
     * version would be computed from a schema that lacks it, and would repeat it.
     */
    private static void requireScriptsApplied(Path dir, DatabaseKind kind, List<VersionInfo> history) {
        Set<String> applied = new HashSet<>();
        history.stream().filter(v -> v.state() == VersionInfo.State.APPLIED).forEach(v -> applied.add(v.version()));
        List<String> unapplied = scripts(dir, kind).stream()
                .filter(file -> !applied.contains(version(SqliteFile.fileName(file))))
                .map(Path::toString).toList();
        if (!unapplied.isEmpty()) {
            throw new MigrationException(String.join(", ", unapplied) + " not applied to the database: migrate it first "
                    + "(and check that --migrations names the folder generate writes to); nothing was written");
        }
    }

    private static List<Path> scripts(Path dir, DatabaseKind kind) {
        Path folder = dir.resolve("migration").resolve(kind.folder());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> SCRIPT_VERSION.matcher(SqliteFile.fileName(f)).matches()).sorted().toList();
        } catch (IOException e) {
            throw new MigrationException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** {@code V1_2__x.sql} is version {@code 1.2}, as Flyway reads it. */
    private static String version(String scriptName) {
        String version = scriptName.substring(1, scriptName.indexOf("__")).replace('_', '.');
        return org.flywaydb.core.api.MigrationVersion.fromVersion(version).getVersion();
    }

    /**
     * Where generate writes unless told: the set's folder in a Maven project, {@code src/main/resources/db/blogkit}
     * for BlogKit's own, the application's filesystem location, or {@code src/main/resources/<path>} for its class
     * path location.
     */
    public static Path defaultDirectory(VersionedSet migrations) {
        BlogConfig config = migrations.config();
        if (!migrations.set().application()) {
            Path own = Path.of("src", "main", "resources", "db", "blogkit");
            if (!Files.isRegularFile(Path.of("src", "main", "java", "dev", "blogkit", "Blog.java"))
                    || !Files.isDirectory(own.resolve("migration"))) {
                throw new MigrationException("generate writes BlogKit's own migrations only into BlogKit's source tree, and "
                        + Path.of("").toAbsolutePath() + " is not it. For the application's migrations give --migrations "
                        + "LOCATION --history TABLE --entities CLASS,... --classpath PATH (Java: Migrations.ofApplication); "
                        + "to write BlogKit's set elsewhere, --dir DIR (Java: generate(message, dir)); nothing was written");
            }
            return own;
        }
        String location = config.migrationLocation().orElseThrow();
        if (location.startsWith("filesystem:")) {
            return Path.of(location.substring("filesystem:".length()));
        }
        return Path.of("src", "main", "resources").resolve(location.substring("classpath:".length()));
    }

    private static List<Class<?>> allEntities(BlogConfig config) {
        List<Class<?>> entities = new ArrayList<>(HibernateBootstrap.ENTITIES);
        entities.addAll(config.entities());
        return entities;
    }

    /** One more than the newest version the set or the folder knows. */
    private static String nextVersion(List<VersionInfo> history, Path dir, DatabaseKind kind) {
        int newest = 0;
        for (VersionInfo version : history) {
            newest = Math.max(newest, major(version.version()));
        }
        for (Path file : scripts(dir, kind)) {
            Matcher m = SCRIPT_VERSION.matcher(SqliteFile.fileName(file));
            if (m.matches()) {
                newest = Math.max(newest, Integer.parseInt(m.group(1)));
            }
        }
        return String.valueOf(newest + 1);
    }

    private static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /** {@code "Add user bio"} becomes {@code add_user_bio}. */
    public static String slug(String message) {
        if (message == null || message.isBlank()) {
            throw new InvalidInputException("message", "the message must say what the migration does, e.g. \"add user bio\"");
        }
        String slug = message.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.isEmpty() || slug.length() > 100) {
            throw new InvalidInputException("message",
                    "the message must have letters or digits and at most 100 characters: '" + message + "'");
        }
        return slug;
    }
}
