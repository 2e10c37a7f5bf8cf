package dev.blogkit.cli;

import dev.blogkit.BlogConfig;
import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.Migrations;
import java.nio.file.Files;
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
        return sets.migrationLocation() == null ? Migrations.on(config) : Migrations.ofApplication(config);
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
        return Migrations.allOf(sets.config(sets.url(url)));
    }

    /** Quiet unless {@code --verbose}; must run before the first logger is made. */
    static void logging(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
