package dev.blogkit.internal.orm;

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
import org.hibernate.type.descriptor.jdbc.BigIntJdbcType;
import org.hibernate.type.descriptor.jdbc.BooleanJdbcType;
import org.hibernate.type.descriptor.jdbc.JdbcType;
import org.hibernate.type.descriptor.jdbc.VarcharJdbcType;
import org.hibernate.type.descriptor.jdbc.spi.JdbcTypeRegistry;

/**
 * Hibernate's SQLite dialect, with 64-bit INTEGER ids, integers, booleans and text read without a second native
 * call per value ({@link SparingExtractor}), and {@code Instant} stored the way BlogKit's schema wants it: INTEGER
 * milliseconds since the epoch, bound and read as a long. (The stock mapping goes through
 * {@code java.sql.Timestamp} and a new {@code Calendar} for every value, the costliest part of loading a user's
 * hundred posts, and stores the same INTEGER in the end.)
 */
public final class SqliteDialect extends SQLiteDialect {

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
        JdbcTypeRegistry types = typeContributions.getTypeConfiguration().getJdbcTypeRegistry();
        types.addDescriptor(EpochMillisJdbcType.INSTANCE);
        types.addDescriptor(new BigIntJdbcType() {
            @Override
            public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
                return new SparingExtractor<>(SparingExtractor.BIGINT, javaType, super.getExtractor(javaType));
            }
        });
        types.addDescriptor(new VarcharJdbcType() {
            @Override
            public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
                return new SparingExtractor<>(SparingExtractor.VARCHAR, javaType, super.getExtractor(javaType));
            }
        });
        types.addDescriptor(new BooleanJdbcType() {
            @Override
            public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
                return new SparingExtractor<>(SparingExtractor.BOOLEAN, javaType, super.getExtractor(javaType));
            }
        });
    }

    /**
     * Reads a column, asking the driver's wasNull only when the value read cannot tell (a 0, a false).
     * Hibernate's own extractors ask it after every value, and for sqlite-jdbc that is one more native call per
     * value: about 700 more for a user's hundred posts. Callable statements, which SQLite does not have, go to
     * Hibernate's extractor.
     */
    static final class SparingExtractor<X> implements ValueExtractor<X> {

        /** A column's value, or null for SQL NULL. */
        @FunctionalInterface
        interface Reader {
            Object read(ResultSet rs, int position) throws SQLException;
        }

        static final Reader BIGINT = (rs, position) -> {
            long value = rs.getLong(position);
            return value == 0 && rs.wasNull() ? null : value;
        };
        static final Reader VARCHAR = ResultSet::getString;
        static final Reader BOOLEAN = (rs, position) -> {
            boolean value = rs.getBoolean(position);
            return !value && rs.wasNull() ? null : value;
        };
        static final Reader EPOCH_MILLIS = (rs, position) -> {
            Object millis = BIGINT.read(rs, position);
            return millis == null ? null : Instant.ofEpochMilli((Long) millis);
        };

        private final Reader reader;
        private final JavaType<X> javaType;
        private final ValueExtractor<X> standard;

        SparingExtractor(Reader reader, JavaType<X> javaType, ValueExtractor<X> standard) {
            this.reader = reader;
            this.javaType = javaType;
            this.standard = standard;
        }

        @Override
        public X extract(ResultSet rs, int position, WrapperOptions options) throws SQLException {
            Object value = reader.read(rs, position);
            return value == null ? null : javaType.wrap(value, options);
        }

        @Override
        public X extract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
            return standard.extract(statement, index, options);
        }

        @Override
        public X extract(CallableStatement statement, String name, WrapperOptions options) throws SQLException {
            return standard.extract(statement, name, options);
        }
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
            // result sets like the other types; Hibernate's BasicExtractor for callable statements
            return new SparingExtractor<>(SparingExtractor.EPOCH_MILLIS, javaType, new BasicExtractor<>(javaType, this) {
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
            });
        }
    }
}
