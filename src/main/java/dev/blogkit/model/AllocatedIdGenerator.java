package dev.blogkit.model;

import java.lang.ref.WeakReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.EventTypeSets;
import org.hibernate.generator.GeneratorCreationContext;

/**
 * Ids known before the INSERT, so that Hibernate batches inserts (it cannot batch IDENTITY inserts, which need
 * the new id back one row at a time).
 *
 * <p>PostgreSQL: the table's identity sequence gives {@value #POSTGRESQL_BLOCK} ids at a time ({@code nextval}
 * never gives a value twice, whoever asks), kept for every transaction of this Blog, so that a single create
 * costs no extra round trip most of the time. A transaction that uses up the block it fetched itself is a bulk
 * create: its next block is twice as large, up to {@value #POSTGRESQL_MAX_BLOCK}, so that 100,000 rows cost about
 * a hundred id queries rather than two thousand. As with Hibernate's pooled sequences, ids are unique but not
 * dense: the ids a rolled-back transaction took, and those left in the block when the Blog closes (at most
 * {@value #POSTGRESQL_MAX_BLOCK}), are never used.
 *
 * <p>SQLite ({@code INTEGER PRIMARY KEY AUTOINCREMENT}):
 * <p>The first insert into a table in a transaction reads the table's highest id ever given (SQLite's
 * {@code sqlite_sequence}, or the highest id present), and the transaction hands out the next ones from memory.
 * That is safe because BlogKit's write transactions begin IMMEDIATE: from the BEGIN on this transaction alone
 * can write the database, in this process or any other, so no one else takes an id meanwhile. SQLite moves
 * {@code sqlite_sequence} forward by itself when a row comes with an explicit id, so an id is never given twice,
 * even after the row that had it is deleted. A rolled-back transaction takes its ids with it.
 */
final class AllocatedIdGenerator implements BeforeExecutionGenerator {

    private static final long serialVersionUID = 1L;

    static final int POSTGRESQL_BLOCK = 50;

    static final int POSTGRESQL_MAX_BLOCK = 1000;

    private final String table;
    private final boolean postgresql;
    private final String idQuery;
    /** SQLite: the ids a session may still hand out (one session is one transaction in BlogKit). */
    private final transient Map<SharedSessionContractImplementor, Ids> ids = new WeakHashMap<>();
    /** PostgreSQL: the rest of the block the sequence gave last, for any session. */
    private transient Ids block;
    /** PostgreSQL: the size of that block, and the session that fetched it. */
    private transient int blockSize;
    private transient WeakReference<SharedSessionContractImplementor> blockFetcher = new WeakReference<>(null);

    AllocatedIdGenerator(AllocatedId annotation, java.lang.reflect.Member member, GeneratorCreationContext context) {
        this.table = context.getPersistentClass().getTable().getName();
        this.postgresql = context.getDatabase().getDialect() instanceof PostgreSQLDialect;
        this.idQuery = postgresql
                ? "SELECT nextval(pg_get_serial_sequence('" + table + "', 'id')) FROM generate_series(1, ?)"
                : "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '" + table + "'), 0), "
                        + "coalesce((SELECT max(id) FROM " + table + "), 0)) + 1";
    }

    @Override
    public Object generate(SharedSessionContractImplementor session, Object owner, Object currentValue,
            EventType eventType) {
        if (currentValue != null) {
            // assigned before the insert (allowAssignedIdentifiers): by this generator
            return currentValue;
        }
        synchronized (ids) {
            if (postgresql) {
                if (block == null || block.isEmpty()) {
                    blockSize = block != null && blockFetcher.get() == session
                            ? Math.min(2 * blockSize, POSTGRESQL_MAX_BLOCK) : POSTGRESQL_BLOCK;
                    block = fetch(session, blockSize);
                    blockFetcher = new WeakReference<>(session);
                }
                return block.next();
            }
            Ids available = ids.get(session);
            if (available == null) {
                available = fetch(session, 1);
                ids.put(session, available);
            }
            return available.next();
        }
    }

    /**
     * Ids to hand out: on SQLite every id from the first one on (the transaction holds the write lock), on
     * PostgreSQL the block the sequence gave.
     */
    private static final class Ids {
        private final long[] block;
        private int index;
        private long next;

        Ids(long[] block) {
            this.block = block;
        }

        Ids(long first) {
            this.block = null;
            this.next = first;
        }

        boolean isEmpty() {
            return block != null && index == block.length;
        }

        long next() {
            return block == null ? next++ : block[index++];
        }
    }

    /**
     * An id already set is kept: BlogKit's bulk inserts (a stateless session) give every row its id from
     * {@link #generate} before the first INSERT, so that the id queries never interrupt a JDBC batch. Entities
     * offer no way to set an id, so nothing else assigns one.
     */
    @Override
    public boolean allowAssignedIdentifiers() {
        return true;
    }

    @Override
    public EnumSet<EventType> getEventTypes() {
        return EventTypeSets.INSERT_ONLY;
    }

    /** SQLite: the first id the transaction may give. PostgreSQL: the next {@code size} ids of the sequence. */
    private Ids fetch(SharedSessionContractImplementor session, int size) {
        JdbcCoordinator jdbc = session.getJdbcCoordinator();
        PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(idQuery);
        try {
            if (postgresql) {
                statement.setInt(1, size);
            }
            ResultSet rs = jdbc.getResultSetReturn().extract(statement, idQuery);
            if (!postgresql) {
                rs.next();
                return new Ids(rs.getLong(1));
            }
            long[] block = new long[size];
            int n = 0;
            while (rs.next()) {
                block[n++] = rs.getLong(1);
            }
            return new Ids(java.util.Arrays.copyOf(block, n));
        } catch (SQLException e) {
            throw session.getJdbcServices().getSqlExceptionHelper()
                    .convert(e, "cannot allocate ids for " + table, idQuery);
        } finally {
            jdbc.getLogicalConnection().getResourceRegistry().release(statement);
            jdbc.afterStatementExecution();
        }
    }
}
