package dev.blogkit;

import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Flyway, configured the BlogKit way: the SQL scripts shipped in the jar under
 * {@value #LOCATION}, and a history table of BlogKit's own, so that an application's own Flyway migrations
 * (with their {@code flyway_schema_history}) can live in the same database.
 */
final class SchemaMigrations {

    static final String LOCATION = "classpath:db/blogkit/migration/sqlite";
    static final String HISTORY_TABLE = "blogkit_schema_history";

    private final Flyway flyway;

    SchemaMigrations(DataSource dataSource) {
        this.flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .loggers("slf4j")
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                // a database that already holds an application's tables gets BlogKit's history beside them
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("<< BlogKit baseline >>")
                .cleanDisabled(true)
                .load();
    }

    /** Applies every pending version, each in its own transaction. */
    void migrate() {
        flyway.migrate();
    }

    /**
     * Refuses a database that is not at the newest version, or whose applied scripts changed since they ran.
     *
     * @throws BlogException naming the pending versions
     */
    void requireUpToDate() {
        MigrationInfo[] pending = flyway.info().pending();
        if (pending.length > 0) {
            throw new BlogException("the database has pending BlogKit migrations ("
                    + Arrays.stream(pending).map(m -> "V" + m.getVersion() + " " + m.getDescription())
                            .collect(Collectors.joining(", "))
                    + ") and migrateOnOpen is false: migrate it first, or open it with migrateOnOpen(true)");
        }
        flyway.validate();
    }
}
