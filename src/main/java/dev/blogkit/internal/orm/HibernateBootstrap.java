package dev.blogkit.internal.orm;

import dev.blogkit.DatabaseKind;
import dev.blogkit.model.Post;
import dev.blogkit.model.PostRow;
import dev.blogkit.model.PostSlug;
import dev.blogkit.model.PostTag;
import dev.blogkit.model.Tag;
import dev.blogkit.model.User;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.tool.schema.JdbcMetadataAccessStrategy;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;

/**
 * Starts Hibernate the way BlogKit runs it, for a {@code Blog} and for {@code validate()}'s check of the entities
 * alike: BlogKit's entities and the application's, over connections it is given, validating the mapping against
 * the schema (Flyway owns the schema: Hibernate never creates or alters a table). Fails, with Hibernate's
 * "Schema-validation: ..." message, when the entities do not match the tables.
 */
public final class HibernateBootstrap {

    /** BlogKit's own entities, mapped in every Blog and compared by check and generate. */
    public static final List<Class<?>> ENTITIES = List.of(User.class, Post.class, PostSlug.class, Tag.class, PostTag.class,
            PostRow.class);

    private HibernateBootstrap() {
    }

    /**
     * @param manualCommitConnections whether the connections come in manual-commit mode already (BlogKit's own
     *     pool); an application's pool may hand them out in auto-commit, and Hibernate then switches them
     * @param sqlObserver sees every SQL statement Hibernate prepares (BlogKit's statement-count tests); or null
     */
    public static SessionFactory start(DataSource connections, boolean manualCommitConnections, DatabaseKind kind,
            List<Class<?>> applicationEntities, Consumer<String> sqlObserver) {
        HibernatePersistenceConfiguration hibernate = new HibernatePersistenceConfiguration("blogkit")
                .managedClasses(ENTITIES)
                .managedClasses(applicationEntities)
                .property(AvailableSettings.DATASOURCE, connections)
                .schemaToolingAction(Action.VALIDATE)
                .property(AvailableSettings.CONNECTION_HANDLING, "DELAYED_ACQUISITION_AND_HOLD")
                .property(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, manualCommitConnections)
                .property(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true)
                // ids are allocated before the insert (model.AllocatedIdGenerator), so inserts batch
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 100)
                .property(AvailableSettings.FAIL_ON_PAGINATION_OVER_COLLECTION_FETCH, true)
                // every failure reaches the caller as a BlogKit exception with the database's message
                // (DatabaseErrors logs it at DEBUG): Hibernate's WARN lines for it would be noise
                .property(AvailableSettings.LOG_JDBC_ERRORS, false);
        if (kind == DatabaseKind.SQLITE) {
            hibernate.property(AvailableSettings.DIALECT, new SqliteDialect());
            // the mapped tables one by one: read all at once, the columns of the FTS5 search index (which have no
            // type) break Hibernate's reading of the catalog
            hibernate.property(AvailableSettings.HBM2DDL_JDBC_METADATA_EXTRACTOR_STRATEGY,
                    JdbcMetadataAccessStrategy.INDIVIDUALLY);
        }
        if (sqlObserver != null) {
            hibernate.statementInspector(sql -> {
                sqlObserver.accept(sql);
                return sql;
            });
        }
        SessionFactory factory = hibernate.createEntityManagerFactory();
        // the search analysis of a post a session writes (Post maps no search column)
        PostSearchWrites searchWrites = new PostSearchWrites();
        org.hibernate.event.service.spi.EventListenerRegistry listeners = factory
                .unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(org.hibernate.event.service.spi.EventListenerRegistry.class);
        listeners.appendListeners(org.hibernate.event.spi.EventType.POST_INSERT, searchWrites);
        listeners.appendListeners(org.hibernate.event.spi.EventType.POST_UPDATE, searchWrites);
        return factory;
    }
}
