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
        problems.addAll(set.versionsApart());
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
                        + " yet: generate writes the first version (if there should be some, check BlogConfig.Builder.migrations(location, historyTable)"
                        + " and BlogConfig.Builder.classLoader)");
                continue;
            }
            set.pending().forEach(v -> differences.add("pending: V" + v.version() + " (" + v.description()
                    + ") of " + set.owner() + " migrations: run migrate"));
            differences.addAll(set.versionsApart());
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

    /**
     * Writes the next version for every database the set is written for ({@link BlogConfig#migrationDatabases()}),
     * as one version number: the configured database is compared with the entities as it is; for each other
     * database the set's current version is built in a scratch database of that kind (as stamp builds a version)
     * and compared with the entities as that database maps them. So no database is generated against apart, and
     * their versions never drift.
     */
    public static GeneratedMigration generate(VersionedSet migrations, String message, Path dir, boolean allowDrop) {
        String slug = slug(message);
        if (dir == null) {
            throw new InvalidInputException("dir", "the folder must not be null");
        }
        BlogConfig config = migrations.config();
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
                    + " scripts: check the migrations location (BlogConfig.Builder.migrations(location, historyTable), and BlogConfig.Builder.classLoader for a"
                    + " classpath: location);"
                    + " nothing was written");
        }
        requireNothingPending(migrations, migrations.pending());
        List<DatabaseKind> kinds = databases(migrations);
        for (DatabaseKind kind : kinds) {
            requireScriptsApplied(dir, kind, history);
        }
        String version = nextVersion(history, dir, kinds);

        Map<DatabaseKind, Plan> plans = new LinkedHashMap<>();
        plans.put(config.kind(), plan(migrations, migrations.readSchema()));
        for (DatabaseKind kind : kinds) {
            if (kind != config.kind()) {
                try (Scratch scratch = atCurrentVersion(migrations, history, kind)) {
                    VersionedSet there = VersionedSet.on(scratch.config(), MigrationSet.application(scratch.config()));
                    plans.put(kind, plan(there, there.readSchema()));
                }
            }
        }
        List<String> ignored = plans.get(config.kind()).ignored();
        if (plans.values().stream().allMatch(plan -> plan.changes().isEmpty())) {
            return new GeneratedMigration(version, Optional.empty(), Optional.empty(), List.of(), List.of(), ignored);
        }
        Set<String> drops = new LinkedHashSet<>();
        plans.values().forEach(plan -> plan.changes().stream()
                .filter(c -> c instanceof SchemaDiff.DropTable || c instanceof SchemaDiff.DropColumn)
                .map(SchemaDiff.Change::describe).forEach(drops::add));
        if (!drops.isEmpty() && !allowDrop) {
            throw new MigrationException("the next version would drop data (" + String.join("; ", drops) + "): "
                    + "nothing was written; if that is what you want, generate it with generate(message, dir, true)");
        }

        String name = version + "__" + slug + ".sql";
        Map<Path, String> files = new LinkedHashMap<>();
        Map<DatabaseKind, List<String>> changesByDatabase = new LinkedHashMap<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (Plan plan : plans.values()) {
            // compared once: the undo is the same changes reversed, written by the same writer
            List<SchemaDiff.Change> undoChanges = SchemaDiff.reverse(plan.changes());
            ScriptWriter.Script up = ScriptWriter.write(plan.kind(), plan.database(), plan.desired(), plan.changes());
            ScriptWriter.Script down = ScriptWriter.write(plan.kind(), plan.desired(), plan.database(), undoChanges);
            List<String> described = plan.changes().stream().map(SchemaDiff.Change::describe).toList();
            Set<String> own = new LinkedHashSet<>(up.warnings());
            own.addAll(ChangeWarnings.ofMigration(plan.changes()));
            own.addAll(ChangeWarnings.ofUndo(undoChanges));
            warnings.addAll(own);
            changesByDatabase.put(plan.kind(), described);

            StringBuilder header = new StringBuilder("-- V" + version + ": " + message.strip() + "\n"
                    + "-- Written by BlogKit's generate from the difference between the entities and the database:\n"
                    + "-- review it before you commit it.\n");
            described.forEach(c -> header.append("--   ").append(c).append('\n'));
            if (described.isEmpty()) {
                header.append("-- Nothing changes on ").append(plan.kind().folder()).append(" in this version (what"
                        + " changes on another database, such as a length, means nothing here): the script keeps the"
                        + " versions of every database the same.\n");
            }
            own.forEach(w -> header.append("-- warning: ").append(w).append('\n'));
            String undoHeader = "-- Undoes V" + version + " (" + message.strip() + "). Written by BlogKit's generate.\n";
            files.put(dir.resolve("migration").resolve(plan.kind().folder()).resolve("V" + name),
                    header + "\n" + up.text());
            files.put(dir.resolve("undo").resolve(plan.kind().folder()).resolve("U" + name), undoHeader + "\n" + down.text());
        }
        write(files, dir);
        List<Path> written = List.copyOf(files.keySet());
        return new GeneratedMigration(version, Optional.of(written.get(0)), Optional.of(written.get(1)),
                changesByDatabase.get(config.kind()), List.copyOf(warnings), ignored, changesByDatabase, written);
    }

    /** What one database's script of the next version is made from. */
    private record Plan(DatabaseKind kind, Schema database, Schema desired, List<SchemaDiff.Change> changes,
                        List<String> ignored) {
    }

    /**
     * The databases this set's next version is written for, the configured one first: every database of
     * {@link BlogConfig#migrationDatabases()} for the application's set; the configured one alone for BlogKit's own
     * (its scripts are written by hand for each database) and for a test's set of another layout.
     */
    private static List<DatabaseKind> databases(VersionedSet migrations) {
        DatabaseKind own = migrations.config().kind();
        if (!migrations.set().application()) {
            return List.of(own);
        }
        List<DatabaseKind> kinds = new ArrayList<>(List.of(own));
        migrations.config().migrationDatabases().stream().filter(k -> k != own).forEach(kinds::add);
        return kinds;
    }

    /**
     * How the set's next version changes {@code database}, the schema of the set's database (or of a scratch one
     * at the same version): the entities as that database maps them, over the tables the set owns or the entities
     * map, less BlogKit's and other sets' tables.
     */
    private static Plan plan(VersionedSet migrations, Schema database) {
        BlogConfig config = migrations.config();
        DatabaseKind kind = config.kind();
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
        return new Plan(kind, database, desired, SchemaDiff.compare(database, desired, scope, kind), ignored);
    }

    /**
     * A scratch database of {@code kind} at the versions the configured database has: BlogKit's, then the
     * application's {@code kind} scripts up to its applied version. Refuses scripts for {@code kind} that hold
     * other versions than the database has applied: the versions have drifted apart, and a next version written
     * from there would repeat or skip one.
     */
    private static Scratch atCurrentVersion(VersionedSet migrations, List<VersionInfo> history, DatabaseKind kind) {
        BlogConfig config = migrations.config();
        if (kind != DatabaseKind.SQLITE && config.scratchDatabase().filter(s -> s.kind() == kind).isEmpty()) {
            throw new MigrationException("generate writes each version for every database the application's "
                    + "migrations are for (" + folders(config.migrationDatabases()) + "), and needs a " + kind.folder()
                    + " database to build version " + currentVersion(history) + " in a scratch schema (dropped"
                    + " afterwards) while " + config.displayUrl() + " is " + config.kind().folder() + ": give one"
                    + " (BlogConfig.Builder.scratchDatabase), or write the migrations for " + config.kind().folder()
                    + " alone (BlogConfig.Builder.migrationDatabases); nothing was written");
        }
        Scratch scratch = Scratch.create(config, kind, "scratch");
        try {
            BlogConfig there = scratch.config();
            VersionedSet.on(config).currentVersion().ifPresent(VersionedSet.on(there)::migrate);
            VersionedSet set = VersionedSet.on(there, MigrationSet.application(there));
            List<String> applied = history.stream().filter(v -> v.state() == VersionInfo.State.APPLIED)
                    .map(VersionInfo::version).toList();
            List<String> scripts = set.historyOfNewSet().stream().map(VersionInfo::version).toList();
            if (!scripts.equals(applied)) {
                throw new MigrationException("the application's migrations differ between databases: "
                        + config.kind().folder() + " has " + versions(applied) + " applied, but the " + kind.folder()
                        + " scripts at " + String.join(", ", set.set().migrationLocations()) + " hold " + versions(scripts)
                        + ": every database must have every version (generate writes each version for all of them at"
                        + " once); write the missing scripts, or remove the extra ones; nothing was written");
            }
            if (!applied.isEmpty()) {
                set.migrate(applied.get(applied.size() - 1));
            }
            return scratch;
        } catch (RuntimeException e) {
            try {
                scratch.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String versions(List<String> versions) {
        return versions.isEmpty() ? "no version" : versions.stream().map(v -> "V" + v).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String currentVersion(List<VersionInfo> history) {
        return history.stream().filter(v -> v.state() == VersionInfo.State.APPLIED).reduce((a, b) -> b)
                .map(VersionInfo::version).orElse(VersionedSet.EMPTY);
    }

    private static String folders(List<DatabaseKind> kinds) {
        return kinds.stream().map(DatabaseKind::folder).collect(java.util.stream.Collectors.joining(", "));
    }

    /** Writes every script or none: refused if one exists; a failure part way removes what was written. */
    private static void write(Map<Path, String> files, Path dir) {
        for (Path file : files.keySet()) {
            if (Files.exists(file)) {
                throw new MigrationException(file + " exists already: nothing was written");
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                Files.createDirectories(SqliteFile.folderOf(file.getKey()));
                Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
                written.add(file.getKey());
            }
        } catch (IOException e) {
            MigrationException failure = new MigrationException("cannot write the scripts into " + dir + ": "
                    + e.getMessage() + "; nothing was written", e);
            for (Path file : written) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
            throw failure;
        }
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
                    + "(and check that BlogConfig.Builder.migrations(location, historyTable) names the folder generate writes to); nothing was written");
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
                        + Path.of("").toAbsolutePath() + " is not it. For the application's migrations give BlogConfig.Builder.migrations(location, historyTable), "
                        + "BlogConfig.Builder.entities and BlogConfig.Builder.classLoader (Migrations.ofApplication); "
                        + "to write BlogKit's set elsewhere, generate(message, dir); nothing was written");
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

    /** One more than the newest version the set or any database's folder knows. */
    private static String nextVersion(List<VersionInfo> history, Path dir, List<DatabaseKind> kinds) {
        int newest = 0;
        for (VersionInfo version : history) {
            newest = Math.max(newest, major(version.version()));
        }
        for (Path file : kinds.stream().flatMap(kind -> scripts(dir, kind).stream()).toList()) {
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
