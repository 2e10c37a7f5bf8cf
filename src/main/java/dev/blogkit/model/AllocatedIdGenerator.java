package dev.blogkit.model;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.EventTypeSets;
import org.hibernate.generator.GeneratorCreationContext;

/**
 * Ids for SQLite's {@code INTEGER PRIMARY KEY AUTOINCREMENT} tables, known before the INSERT so that Hibernate
 * batches inserts (it cannot batch IDENTITY inserts, which need the new id back one row at a time).
 *
 * <p>The first insert into a table in a transaction reads the table's highest id ever given (SQLite's
 * {@code sqlite_sequence}, or the highest id present), and the transaction hands out the next ones from memory.
 * That is safe because BlogKit's write transactions begin IMMEDIATE: from the BEGIN on this transaction alone
 * can write the database, in this process or any other, so no one else takes an id meanwhile. SQLite moves
 * {@code sqlite_sequence} forward by itself when a row comes with an explicit id, so an id is never given twice,
 * even after the row that had it is deleted. A rolled-back transaction takes its ids with it.
 */
final class AllocatedIdGenerator implements BeforeExecutionGenerator {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final String nextIdQuery;
    /** The last id handed out, per session: one session is one transaction in BlogKit. */
    private final transient Map<SharedSessionContractImplementor, long[]> lastIds = new WeakHashMap<>();

    AllocatedIdGenerator(AllocatedId annotation, java.lang.reflect.Member member, GeneratorCreationContext context) {
        this.table = context.getPersistentClass().getTable().getName();
        this.nextIdQuery = "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '" + table + "'), 0), "
                + "coalesce((SELECT max(id) FROM " + table + "), 0))";
    }

    @Override
    public Object generate(SharedSessionContractImplementor session, Object owner, Object currentValue,
            EventType eventType) {
        synchronized (lastIds) {
            long[] last = lastIds.get(session);
            if (last == null) {
                last = new long[] {highestId(session)};
                lastIds.put(session, last);
            }
            return ++last[0];
        }
    }

    @Override
    public EnumSet<EventType> getEventTypes() {
        return EventTypeSets.INSERT_ONLY;
    }

    private long highestId(SharedSessionContractImplementor session) {
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(nextIdQuery);
        try {
            ResultSet rs = jdbc.getResultSetReturn().extract(statement, nextIdQuery);
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper()
                    .convert(e, "cannot read the highest id of " + table, nextIdQuery);
        } finally {
            jdbc.getLogicalConnection().getResourceRegistry().release(statement);
            jdbc.afterStatementExecution();
        }
    }
}
