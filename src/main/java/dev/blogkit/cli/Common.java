package dev.blogkit.cli;

import dev.blogkit.BlogConfig;
import dev.blogkit.migration.Migrations;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command takes. */
final class Common {

    @Option(names = "--url", paramLabel = "JDBC_URL", defaultValue = "jdbc:sqlite:blog.db",
            description = "The database (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--verbose", description = "Show the logs of BlogKit and its libraries.")
    boolean verbose;

    @Mixin
    Sets sets;

    /** Sets the log level before the first logger exists, then opens the migrations. */
    Migrations migrations() {
        logging(verbose);
        BlogConfig config = sets.config(url);
        return sets.migrationLocation == null ? Migrations.on(config) : Migrations.ofApplication(config);
    }

    /** BlogKit's migrations first, then the application's, if any: what {@code Blog.open} migrates. */
    List<Migrations> allMigrations() {
        logging(verbose);
        return Migrations.allOf(sets.config(url));
    }

    /** Quiet unless {@code --verbose}; must run before the first logger is made. */
    static void logging(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
