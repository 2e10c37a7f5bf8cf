package dev.blogkit;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.JdbcType;

/**
 * Hibernate's SQLite dialect, with 64-bit INTEGER ids, and {@code Instant} stored the way BlogKit's schema wants it: INTEGER
 * milliseconds since the epoch, bound and read as a long. (The stock mapping goes through
 * {@code java.sql.Timestamp} and a new {@code Calendar} for every value, the costliest part of loading a user's
 * hundred posts, and stores the same INTEGER in the end.)
 */
final class SqliteDialect extends SQLiteDialect {

    /**
     * SQLite's {@code INTEGER PRIMARY KEY} (the rowid) holds 64-bit values: it is what a {@code Long} id maps to,
     * although the driver reports it as INTEGER, not BIGINT.
     */
    @Override
    public boolean equivalentTypes(int typeCode1, int typeCode2) {
        return super.equivalentTypes(typeCode1, typeCode2) || isInteger(typeCode1) && isInteger(typeCode2);
    }

    private static boolean isInteger(int typeCode) {
        return typeCode == Types.INTEGER || typeCode == Types.BIGINT;
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.getTypeConfiguration().getJdbcTypeRegistry().addDescriptor(EpochMillisJdbcType.INSTANCE);
    }

    /** TIMESTAMP_UTC as INTEGER epoch milliseconds. */
    static final class EpochMillisJdbcType implements JdbcType {

        static final EpochMillisJdbcType INSTANCE = new EpochMillisJdbcType();

        @Override
        public int getJdbcTypeCode() {
            return Types.TIMESTAMP;
        }

        @Override
        public int getDefaultSqlTypeCode() {
            return SqlTypes.TIMESTAMP_UTC;
        }

        @Override
        public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
            return new BasicBinder<>(javaType, this) {
                @Override
                protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                    st.setLong(index, javaType.unwrap(value, Instant.class, options).toEpochMilli());
                }

                @Override
                protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                    st.setLong(name, javaType.unwrap(value, Instant.class, options).toEpochMilli());
                }
            };
        }

        @Override
        public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
            // BasicExtractor asks wasNull after every value: a NULL read as 0 comes back null from there
            return new BasicExtractor<>(javaType, this) {
                @Override
                protected X doExtract(ResultSet rs, int position, WrapperOptions options) throws SQLException {
                    return javaType.wrap(Instant.ofEpochMilli(rs.getLong(position)), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                    return javaType.wrap(Instant.ofEpochMilli(statement.getLong(index)), options);
                }

                @Override
                protected X doExtract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
                    return javaType.wrap(Instant.ofEpochMilli(statement.getLong(name)), options);
                }
            };
        }
    }
}
