package dev.blogkit.cli;

import dev.blogkit.BlogConfig;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.Migrations;
import dev.blogkit.internal.versions.SqliteFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command takes. */
final class Common {

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "The database (default: the project file's url, else jdbc:sqlite:blog.db).")
    String url;

    @Option(names = "--verbose", description = "Show the logs of BlogKit and its libraries.")
    boolean verbose;

    @Mixin
    Sets sets;

    /**
     * Sets the log level before the first logger exists, then opens the migrations of a database that exists:
     * every command but migrate (and copy's target) works on one, so an SQLite file that is not there is an error
     * naming it, never an empty database, and no file is created.
     */
    Migrations migrations() {
        logging(verbose);
        BlogConfig config = sets.config(sets.url(url));
        requireExisting(config);
        lookedAt(config);
        return sets.migrationLocation() == null ? Migrations.on(config) : Migrations.ofApplication(config);
    }

    /** What every command says of an application's set whose first version generate has not written yet. */
    static final String NO_SCRIPT_YET = "the application's migrations have no script yet: generate writes the first version";

    /**
     * Whether {@code set} is the application's, still to begin in a folder of the source tree (a project's new set,
     * after init and before its first generate). A {@code classpath:} location that finds nothing is far likelier a
     * --classpath forgotten, and is refused as before.
     */
    boolean awaitsFirstScript(Migrations set) {
        String location = sets.migrationLocation();
        return location != null && location.startsWith("filesystem:") && set.awaitsFirstScript();
    }

    /** Refuses an SQLite database file that does not exist. */
    static void requireExisting(BlogConfig config) {
        config.databaseFile().filter(Files::notExists).ifPresent(file -> {
            throw new MigrationException("no SQLite database at " + file.toAbsolutePath() + ": the file does not "
                    + "exist (migrate creates one; check --url)");
        });
    }

    /** BlogKit's migrations first, then the application's, if any: what {@code Blog.open} migrates. */
    List<Migrations> allMigrations() {
        logging(verbose);
        BlogConfig config = sets.config(sets.url(url));
        lookedAt(config);
        return Migrations.allOf(config);
    }

    /** The SQLite files of this command line that had no -wal or -shm before it: they have none after it either. */
    private static final ThreadLocal<List<Path>> LOOKED_AT = ThreadLocal.withInitial(java.util.ArrayList::new);

    /** Remembers an SQLite file that has no -wal and -shm now, for {@link #tidy()}. */
    static void lookedAt(BlogConfig config) {
        config.databaseFile().filter(Files::exists).filter(SqliteFile::walAbsent).ifPresent(LOOKED_AT.get()::add);
    }

    /**
     * After the command: takes away the -wal and -shm files its read-only connections left beside the files that
     * had none before, so that info, check, validate and dry runs leave no trace (SQLite removes them itself when
     * another process has the database open meanwhile: then they stay).
     */
    static void tidy() {
        LOOKED_AT.get().forEach(SqliteFile::removeWalLeftBy);
        LOOKED_AT.remove();
    }

    /** Quiet unless {@code --verbose}; must run before the first logger is made. */
    static void logging(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
