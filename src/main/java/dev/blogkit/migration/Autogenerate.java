package dev.blogkit.migration;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.migration.SchemaModel.Schema;
import dev.blogkit.migration.SchemaModel.Table;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
final class Autogenerate {

    /** Tables that migrations own and no entity maps. */
    private static final Set<String> UNMAPPED = Set.of("blogkit_settings", "flyway_schema_history",
            MigrationSet.BLOGKIT_HISTORY_TABLE);
    private static final Pattern SCRIPT_VERSION = Pattern.compile("V(\\d+)(?:[._]\\d+)*__.*\\.sql");

    private Autogenerate() {
    }

    static SchemaCheck check(Migrations migrations) {
        List<String> differences = new ArrayList<>();
        for (Migrations set : Migrations.allOf(migrations.config())) {
            pending(set.history()).forEach(v -> differences.add("pending: V" + v.version() + " (" + v.description()
                    + ") of " + set.owner() + " migrations: run migrate"));
        }
        differences.addAll(schemaDifferences(migrations));
        return new SchemaCheck(differences);
    }

    /** What separates every entity from every table, as check prints it; pending versions aside. */
    static List<String> schemaDifferences(Migrations migrations) {
        BlogConfig config = migrations.config();
        Schema database = readDatabase(migrations);
        Schema entities = EntitySchemaReader.read(allEntities(config), config.kind()).schema();
        Set<String> scope = new TreeSet<>(entities.tables().keySet());
        scope.addAll(database.tables().keySet());
        return SchemaDiff.compare(database, entities, scope, config.kind()).stream().map(SchemaDiff.Change::describe).toList();
    }

    private static List<VersionInfo> pending(List<VersionInfo> history) {
        return history.stream().filter(v -> v.state() == VersionInfo.State.PENDING).toList();
    }

    static GeneratedMigration generate(Migrations migrations, String message, Path dir) {
        String slug = slug(message);
        if (dir == null) {
            throw new InvalidInputException("dir", "the folder must not be null");
        }
        BlogConfig config = migrations.config();
        // the application's tables may refer to BlogKit's, so BlogKit's must be up to date as well
        List<Migrations> sets = migrations.set().application() ? List.of(Migrations.on(config), migrations) : List.of(migrations);
        List<VersionInfo> history = List.of();
        for (Migrations set : sets) {
            history = set.history();
            List<String> pending = pending(history).stream().map(v -> "V" + v.version()).toList();
            if (!pending.isEmpty()) {
                throw new MigrationException("the database is not up to date (" + set.owner() + " " + String.join(", ", pending)
                        + " pending): migrate it first, so that the new version starts from the newest schema");
            }
        }
        DatabaseKind kind = config.kind();
        Schema database = readDatabase(migrations);
        EntitySchemaReader.Mapping mapping = EntitySchemaReader.read(allEntities(config), kind);
        Schema entities = mapping.schema();
        Set<String> blogkitTables = mapping.blogkitTables();
        Set<String> scope = new TreeSet<>(entities.tables().keySet());
        if (migrations.set().application()) {
            scope.removeAll(blogkitTables);
        } else {
            scope.retainAll(blogkitTables);
        }
        // a table no entity maps any more belongs to the set that generates
        database.tables().keySet().stream().filter(t -> !entities.tables().containsKey(t)).forEach(scope::add);

        Schema desired = database;
        for (String table : scope) {
            Table wanted = entities.tables().get(table);
            desired = wanted == null ? desired.without(table) : desired.with(wanted);
        }
        List<SchemaDiff.Change> changes = SchemaDiff.compare(database, desired, scope, kind);
        // the last history read is this set's own
        String version = nextVersion(history, dir, kind);
        if (changes.isEmpty()) {
            return new GeneratedMigration(version, java.util.Optional.empty(), java.util.Optional.empty(), List.of(), List.of());
        }
        ScriptWriter.Script up = ScriptWriter.write(kind, database, desired, changes, false);
        ScriptWriter.Script down = ScriptWriter.write(kind, desired, database,
                SchemaDiff.compare(desired, database, scope, kind), true);
        List<String> described = changes.stream().map(SchemaDiff.Change::describe).toList();
        List<String> warnings = new ArrayList<>(up.warnings());
        warnings.addAll(down.warnings());

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
            Files.createDirectories(migrationFile.getParent());
            Files.createDirectories(undoFile.getParent());
            Files.writeString(migrationFile, header + "\n" + up.text(), StandardCharsets.UTF_8);
            Files.writeString(undoFile, undoHeader + "\n" + down.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationException("cannot write the scripts into " + dir + ": " + e.getMessage(), e);
        }
        return new GeneratedMigration(version, java.util.Optional.of(migrationFile), java.util.Optional.of(undoFile),
                described, warnings);
    }

    /**
     * Where generate writes unless told: the set's folder in a Maven project, {@code src/main/resources/db/blogkit}
     * for BlogKit's own, the application's filesystem location, or {@code src/main/resources/<path>} for its class
     * path location.
     */
    static Path defaultDirectory(Migrations migrations) {
        BlogConfig config = migrations.config();
        if (!migrations.set().application()) {
            return Path.of("src", "main", "resources", "db", "blogkit");
        }
        String location = config.migrationLocation().orElseThrow();
        if (location.startsWith("filesystem:")) {
            return Path.of(location.substring("filesystem:".length()));
        }
        return Path.of("src", "main", "resources").resolve(location.substring("classpath:".length()));
    }

    private static List<Class<?>> allEntities(BlogConfig config) {
        List<Class<?>> entities = new ArrayList<>(List.of(User.class, Post.class));
        entities.addAll(config.entities());
        return entities;
    }

    private static Schema readDatabase(Migrations migrations) {
        BlogConfig config = migrations.config();
        if (config.databaseFile().map(Files::notExists).orElse(false)) {
            SqliteFile.refuseUnlessSqlite(config.databaseFile().get());
            return Schema.of(List.of());
        }
        Set<String> ignored = new HashSet<>(UNMAPPED);
        ignored.add(config.historyTable());
        try (Connection connection = migrations.dataSource().getConnection()) {
            return DatabaseSchemaReader.read(connection, ignored);
        } catch (SQLException e) {
            throw new MigrationException("cannot read the schema of " + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /** One more than the newest version the set or the folder knows. */
    private static String nextVersion(List<VersionInfo> history, Path dir, DatabaseKind kind) {
        int newest = 0;
        for (VersionInfo version : history) {
            newest = Math.max(newest, major(version.version()));
        }
        Path folder = dir.resolve("migration").resolve(kind.folder());
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Matcher m = SCRIPT_VERSION.matcher(file.getFileName().toString());
                    if (m.matches()) {
                        newest = Math.max(newest, Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                throw new MigrationException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        return String.valueOf(newest + 1);
    }

    private static int major(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    /** {@code "Add user bio"} becomes {@code add_user_bio}. */
    static String slug(String message) {
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
