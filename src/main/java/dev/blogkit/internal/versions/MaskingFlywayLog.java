package dev.blogkit.internal.versions;

import dev.blogkit.BlogConfig;
import dev.blogkit.migration.MigrationException;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's logs, through SLF4J, with every URL password masked: Flyway prints the database's URL as the driver
 * reports it ({@code Database: jdbc:postgresql://...}), password included. Flyway's progress lines go to DEBUG
 * (BlogKit logs one INFO line of its own per migrate or undo), and so do its ERROR lines: each announces a failure
 * that BlogKit then throws as a {@link MigrationException} with the same text (a failed migration), or one that
 * BlogKit handles itself (a filesystem location that does not exist: BlogKit refuses a location without scripts,
 * with a message that names it). Its warnings stay warnings. Flyway
 * makes this class by name ({@code loggers(...)}), hence public; not part of BlogKit's API.
 */
public final class MaskingFlywayLog implements LogCreator {

    @Override
    public Log createLogger(Class<?> clazz) {
        Logger logger = LoggerFactory.getLogger(clazz);
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return logger.isDebugEnabled();
            }

            @Override
            public void debug(String message) {
                logger.debug(BlogConfig.masked(message));
            }

            @Override
            public void info(String message) {
                logger.debug(BlogConfig.masked(message));
            }

            @Override
            public void warn(String message) {
                logger.warn(BlogConfig.masked(message));
            }

            @Override
            public void error(String message) {
                logger.debug(BlogConfig.masked(message));
            }

            @Override
            public void error(String message, Exception e) {
                logger.debug(BlogConfig.masked(message) + ": " + BlogConfig.masked(String.valueOf(e.getMessage())));
            }

            @Override
            public void notice(String message) {
                logger.debug(BlogConfig.masked(message));
            }
        };
    }
}
