package dev.blogkit.migration;

import dev.blogkit.BlogConfig;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's logs, through SLF4J as Flyway's own {@code slf4j} logger writes them, with every URL password masked:
 * Flyway prints the database's URL as the driver reports it ({@code Database: jdbc:postgresql://...}), password
 * included. Flyway makes it by name ({@code loggers(...)}), hence public; not part of BlogKit's API.
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
                logger.info(BlogConfig.masked(message));
            }

            @Override
            public void warn(String message) {
                logger.warn(BlogConfig.masked(message));
            }

            @Override
            public void error(String message) {
                logger.error(BlogConfig.masked(message));
            }

            @Override
            public void error(String message, Exception e) {
                logger.error(BlogConfig.masked(message) + ": " + BlogConfig.masked(String.valueOf(e.getMessage())));
            }

            @Override
            public void notice(String message) {
                logger.info(BlogConfig.masked(message));
            }
        };
    }
}
