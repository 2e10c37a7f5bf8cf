package dev.blogkit.internal.config;

import dev.blogkit.DatabaseKind;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.errors.Masking;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The project file, {@code blogkit.properties}: where an application names its database and its migration set once,
 * for the command line ({@code blogkit} reads it from the working directory, or {@code --config FILE}), the
 * application and its tests ({@code BlogConfig.fromFile}). A Java properties file (UTF-8), every key optional:
 * <pre>
 * url=jdbc:sqlite:blog.db
 * user=app                      # the password comes from BLOGKIT_PASSWORD, never from this file
 * entities=com.example.Comment,com.example.Tag
 * migrations=filesystem:src/main/resources/db/app
 * history=app_schema_history
 * classpath=target/classes      # the command line's: where the entities and classpath: migrations are
 * target=jdbc:postgresql://127.0.0.1:5432/blog   # copy's default target
 * databases=sqlite,postgresql   # what the migrations are written for (default: both)
 * scratch=jdbc:postgresql://127.0.0.1:5432/dev  # where generate builds PostgreSQL's previous version (default: target)
 * </pre>
 * An unknown key is refused (a typo would otherwise be ignored), and so is a password, as a key or in a URL.
 */
public record ProjectFile(Path file, Optional<String> url, Optional<String> user, List<String> entities,
                          Optional<String> migrations, Optional<String> history, List<Path> classpath,
                          Optional<String> target, List<DatabaseKind> databases, Optional<String> scratch) {

    /** The file's name, in the working directory. */
    public static final String NAME = "blogkit.properties";
    /** The database of a project file without {@code url}, and of the command line without one: the demo's. */
    public static final String DEFAULT_URL = "jdbc:sqlite:blog.db";
    /** Where the password of {@code user} comes from. */
    public static final String PASSWORD_VARIABLE = "BLOGKIT_PASSWORD";
    private static final Set<String> KEYS = Set.of("url", "user", "entities", "migrations", "history", "classpath",
            "target", "databases", "scratch");

    public ProjectFile {
        entities = List.copyOf(entities);
        classpath = List.copyOf(classpath);
        databases = List.copyOf(databases);
    }

    /**
     * Reads a project file.
     *
     * @throws InvalidInputException if the file is missing or unreadable, has an unknown key, or holds a password
     */
    public static ProjectFile read(Path file) {
        if (file == null) {
            throw new InvalidInputException("file", "the project file must not be null");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("file", "no project file at " + file.toAbsolutePath()
                    + " (blogkit init writes one)");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("file", "cannot read the project file " + file + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (unknown.contains("password")) {
            throw new InvalidInputException("password", file + " holds a password: remove it, and give it in the "
                    + "environment variable " + PASSWORD_VARIABLE + " (or BlogConfig.Builder.credentials)");
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("file", file + ": unknown key " + String.join(", ", unknown) + " (the keys: "
                    + String.join(", ", new TreeSet<>(KEYS)) + ")");
        }
        Optional<String> url = value(properties, "url");
        Optional<String> target = value(properties, "target");
        Optional<String> scratch = value(properties, "scratch");
        for (Optional<String> u : List.of(url, target, scratch)) {
            if (u.isPresent() && !Masking.mask(u.get()).equals(u.get())) {
                throw new InvalidInputException("password", file + " holds a password in a URL ("
                        + Masking.mask(u.get()) + "): remove it, and give it in the environment variable "
                        + PASSWORD_VARIABLE + " with user=...");
            }
        }
        if (value(properties, "history").isPresent() && value(properties, "migrations").isEmpty()) {
            throw new InvalidInputException("history", file + " names a history table but no migrations");
        }
        // a folder of the source tree, relative to the project file's folder wherever the command runs
        Optional<String> migrations = value(properties, "migrations").map(location -> location.startsWith("filesystem:")
                ? "filesystem:" + resolve(file, location.substring("filesystem:".length())) : location);
        return new ProjectFile(file, url, value(properties, "user"), list(properties, "entities", ","),
                migrations, value(properties, "history"),
                list(properties, "classpath", "[:;]").stream().map(p -> resolve(file, p)).toList(), target,
                databases(file, list(properties, "databases", ",")), scratch);
    }

    /** The databases by their folder names, {@code sqlite} and {@code postgresql}; none given is every one. */
    public static List<DatabaseKind> databases(Object source, List<String> names) {
        List<DatabaseKind> kinds = new java.util.ArrayList<>();
        for (String name : names) {
            DatabaseKind kind = Arrays.stream(DatabaseKind.values()).filter(k -> k.folder().equals(name.strip()))
                    .findFirst().orElseThrow(() -> new InvalidInputException("databases", source + ": unknown database "
                            + name + " (the databases: " + Arrays.stream(DatabaseKind.values()).map(DatabaseKind::folder)
                            .toList() + ")"));
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return kinds.isEmpty() ? List.of(DatabaseKind.values()) : kinds;
    }

    /**
     * Where generate builds a server's previous version while {@code url} is of another kind: {@code scratch}, else
     * {@code target}; empty when neither is given.
     */
    public Optional<String> scratchOrTarget() {
        return scratch.isPresent() ? scratch : target;
    }

    /** A path of the file, relative to the file's folder. */
    private static Path resolve(Path file, String path) {
        Path folder = file.toAbsolutePath().getParent();
        return folder == null ? Path.of(path) : folder.resolve(path).normalize();
    }

    private static Optional<String> value(Properties properties, String key) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static List<String> list(Properties properties, String key, String separator) {
        return value(properties, key).map(v -> Arrays.stream(v.split(separator)).map(String::strip)
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    /** The password of {@code user}, from {@link #PASSWORD_VARIABLE}; "" when it is not set. */
    public static String password() {
        String password = System.getenv(PASSWORD_VARIABLE);
        return password == null ? "" : password;
    }

    /** What {@code blogkit init} writes: the defaults, with the keys to fill in as comments. */
    public static String template() {
        return """
                # BlogKit's project file: the command line reads it from this folder (or --config FILE), the
                # application with BlogConfig.fromFile(Path.of("blogkit.properties")). Options override it.
                # The database. A password never goes here: give user=... and the environment variable BLOGKIT_PASSWORD.
                url=jdbc:sqlite:blog.db
                # The application's migrations (migration/<vendor>, undo/<vendor>) and their history table. In the
                # source tree during development: generate writes there and migrate reads there, no compile between.
                migrations=filesystem:src/main/resources/db/app
                history=app_schema_history
                # The application's entity classes, comma-separated, and where the command line finds them.
                entities=
                classpath=target/classes
                # copy's default target, for example jdbc:postgresql://127.0.0.1:5432/blog
                target=
                # The databases the migrations are written for: generate writes each version for all of them at
                # once, building the previous version of the others in a scratch schema on the scratch database
                # (default: target). An application on SQLite alone says databases=sqlite.
                databases=sqlite,postgresql
                scratch=
                """;
    }
}
