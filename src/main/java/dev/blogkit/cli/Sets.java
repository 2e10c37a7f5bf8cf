package dev.blogkit.cli;

import dev.blogkit.BlogConfig;
import dev.blogkit.InvalidInputException;
import dev.blogkit.internal.config.ProjectFile;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The application's migrations and entities, beside BlogKit's. */
final class Sets {

    /** Where the command line reads the password of {@code --user} from. */
    static final String PASSWORD_VARIABLE = ProjectFile.PASSWORD_VARIABLE;

    @Option(names = "--migrations", paramLabel = "LOCATION",
            description = "The application's own migrations (filesystem:DIR or classpath:PATH, holding migration/<vendor> "
                    + "and undo/<vendor>): the command works on them instead of BlogKit's.")
    String migrationLocation;

    @Option(names = "--history", paramLabel = "TABLE",
            description = "The history table of the application's migrations (default: the project file's, else "
                    + BlogConfig.DEFAULT_HISTORY_TABLE + ").")
    String historyTable;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The project file (default: " + ProjectFile.NAME + " in the working directory, if there is one): "
                    + "url, user, entities, migrations, history, classpath, target; an option overrides it.")
    Path configFile;

    /** The project file, read once; null when there is none. */
    private ProjectFile project;
    private boolean projectRead;

    @Option(names = "--entities", paramLabel = "CLASS", split = ",",
            description = "The application's own entity classes, beside BlogKit's (check, generate, validate).")
    List<String> entities = List.of();

    @Option(names = "--classpath", paramLabel = "PATH", split = "[:;]", splitSynopsisLabel = ":",
            description = "Folders and jars that hold the entity classes and classpath: migrations, for example target/classes.")
    List<Path> classpath = List.of();

    @Option(names = "--user", paramLabel = "USER",
            description = "The database server's user; the password is read from the environment variable "
                    + PASSWORD_VARIABLE + " (never from the command line, where other users of the machine see it).")
    String user;

    @Option(names = "--databases", paramLabel = "DATABASE", split = ",",
            description = "The databases the application's migrations are written for: sqlite, postgresql (default: the "
                    + "project file's, else both); generate writes each version for all of them.")
    List<String> databases = List.of();

    @Option(names = "--scratch", paramLabel = "JDBC_URL",
            description = "A PostgreSQL database where generate builds the previous version in a scratch schema (dropped "
                    + "afterwards) to write PostgreSQL's script while --url is SQLite (default: the project file's "
                    + "scratch, else its target).")
    String scratch;

    /**
     * The project file: {@code --config FILE} (which must exist), else {@code blogkit.properties} in the working
     * directory if it is there, else none (null).
     */
    ProjectFile project() {
        if (!projectRead) {
            projectRead = true;
            if (configFile != null) {
                project = ProjectFile.read(configFile);
            } else if (Files.isRegularFile(Path.of(ProjectFile.NAME))) {
                project = ProjectFile.read(Path.of(ProjectFile.NAME));
            }
        }
        return project;
    }

    /** The URL given, else the project file's, else the demo's file. */
    String url(String given) {
        if (given != null) {
            return given;
        }
        return project() == null ? ProjectFile.DEFAULT_URL : project().url().orElse(ProjectFile.DEFAULT_URL);
    }

    /** The application's migrations, by option or project file; null for BlogKit's own alone. */
    String migrationLocation() {
        if (migrationLocation != null) {
            return migrationLocation;
        }
        return project() == null ? null : project().migrations().orElse(null);
    }

    private String historyTable() {
        if (historyTable != null) {
            return historyTable;
        }
        return project() == null ? BlogConfig.DEFAULT_HISTORY_TABLE
                : project().history().orElse(BlogConfig.DEFAULT_HISTORY_TABLE);
    }

    private String user() {
        return user != null ? user : project() == null ? null : project().user().orElse(null);
    }

    private List<String> entities() {
        return !entities.isEmpty() || project() == null ? entities : project().entities();
    }

    private List<Path> classpath() {
        return !classpath.isEmpty() || project() == null ? classpath : project().classpath();
    }

    /**
     * The configuration of this URL with these sets; classpath: locations are found in --classpath too. Refuses
     * {@code --user} (or user=) for an SQLite file when no server of the command could take it.
     */
    BlogConfig config(String url) {
        return config(url, false);
    }

    /** {@link #config(String)}; {@code userElsewhere}: another database of the command (copy's) may be the server. */
    BlogConfig config(String url, boolean userElsewhere) {
        if (historyTable != null && migrationLocation() == null) {
            throw new InvalidInputException("history", "--history names the history table of the application's "
                    + "migrations: give --migrations too (or migrations= in " + ProjectFile.NAME + ")");
        }
        ClassLoader loader = classLoader();
        BlogConfig.Builder config = BlogConfig.builder(url).entities(entityClasses(loader)).classLoader(loader);
        String user = user();
        if (user != null) {
            config.credentials(user, ProjectFile.password());
        }
        if (migrationLocation() != null) {
            config.migrations(migrationLocation(), historyTable());
        }
        List<String> names = !databases.isEmpty() || project() == null ? databases
                : project().databases().stream().map(dev.blogkit.DatabaseKind::folder).toList();
        config.migrationDatabases(ProjectFile.databases("--databases", names).toArray(dev.blogkit.DatabaseKind[]::new));
        String scratchUrl = scratch != null ? scratch : project() == null ? null : project().scratchOrTarget().orElse(null);
        BlogConfig built = config.build();
        if (scratchUrl != null && !scratchUrl.startsWith("jdbc:sqlite:")
                && !BlogConfig.builder(scratchUrl).build().kind().equals(built.kind())) {
            built = config.scratchDatabase(scratchUrl).build();
        } else if (scratch != null) {
            throw new InvalidInputException("scratch", "--scratch names a database of another kind than --url's (a "
                    + "PostgreSQL database while --url is SQLite), was " + BlogConfig.masked(scratch));
        }
        if (user != null && built.kind() == dev.blogkit.DatabaseKind.SQLITE && built.scratchDatabase().isEmpty()
                && !userElsewhere) {
            throw new InvalidInputException("user", "--user names a database server's user, and "
                    + built.displayUrl() + " is an SQLite file, which has none: leave --user out");
        }
        return built;
    }

    private ClassLoader classLoader() {
        List<Path> classpath = classpath();
        if (classpath.isEmpty()) {
            return Sets.class.getClassLoader();
        }
        URL[] urls = classpath.stream().map(path -> {
            try {
                return path.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new InvalidInputException("classpath", "not a path: " + path);
            }
        }).toArray(URL[]::new);
        // left open: Hibernate reads the classes lazily, and the process ends with the command
        ClassLoader loader = new URLClassLoader(urls, Sets.class.getClassLoader());
        // Hibernate, when validate opens the blog, looks for the entities through the context class loader too
        Thread.currentThread().setContextClassLoader(loader);
        return loader;
    }

    private Class<?>[] entityClasses(ClassLoader loader) {
        List<String> entities = entities();
        List<Path> classpath = classpath();
        if (entities.isEmpty()) {
            return new Class<?>[0];
        }
        Class<?>[] classes = new Class<?>[entities.size()];
        for (int i = 0; i < classes.length; i++) {
            try {
                classes[i] = Class.forName(entities.get(i).strip(), true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidInputException("entities", "cannot load the entity class " + entities.get(i)
                        + (classpath.isEmpty() ? ": add its folder or jar with --classpath" : " from " + classpath));
            }
        }
        return classes;
    }
}
