package dev.blogkit.internal.orm;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.java.BooleanJavaType;
import org.hibernate.type.descriptor.java.InstantJavaType;
import org.hibernate.type.descriptor.java.LongJavaType;
import org.hibernate.type.descriptor.java.StringJavaType;
import org.junit.jupiter.api.Test;

/** How BlogKit's SQLite dialect reads values: NULL as null, and every other value as itself. */
class SqliteDialectTest {

    @Test
    void integersBooleansAndTextReadNullAsNullAndZeroFalseAndEmptyAsThemselves() throws SQLException {
        ValueExtractor<Long> longs = new SqliteDialect.SparingExtractor<>(SqliteDialect.SparingExtractor.BIGINT,
                LongJavaType.INSTANCE, null);
        ValueExtractor<Boolean> booleans = new SqliteDialect.SparingExtractor<>(
                SqliteDialect.SparingExtractor.BOOLEAN, BooleanJavaType.INSTANCE, null);
        ValueExtractor<String> strings = new SqliteDialect.SparingExtractor<>(SqliteDialect.SparingExtractor.VARCHAR,
                StringJavaType.INSTANCE, null);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT NULL, 0, 9223372036854775807, -5, 1, '', 'text'")) {
            rs.next();

            assertThat(longs.extract(rs, 1, null)).isNull();
            assertThat(longs.extract(rs, 2, null)).isZero();
            assertThat(longs.extract(rs, 3, null)).isEqualTo(Long.MAX_VALUE);
            assertThat(longs.extract(rs, 4, null)).isEqualTo(-5L);
            assertThat(booleans.extract(rs, 1, null)).isNull();
            assertThat(booleans.extract(rs, 2, null)).isFalse();
            assertThat(booleans.extract(rs, 5, null)).isTrue();
            assertThat(strings.extract(rs, 1, null)).isNull();
            assertThat(strings.extract(rs, 6, null)).isEmpty();
            assertThat(strings.extract(rs, 7, null)).isEqualTo("text");
        }
    }

    @Test
    void aTimestampReadsBackAsTheInstantItsMillisecondsNameAndNullAsNull() throws SQLException {
        ValueExtractor<Instant> extractor = SqliteDialect.EpochMillisJdbcType.INSTANCE.getExtractor(InstantJavaType.INSTANCE);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT NULL, 0, 1700000000123, -1")) {
            rs.next();

            assertThat(extractor.extract(rs, 1, null)).isNull();
            // 0 is also what the driver returns for NULL: the epoch itself must not read as null
            assertThat(extractor.extract(rs, 2, null)).isEqualTo(Instant.EPOCH);
            assertThat(extractor.extract(rs, 3, null)).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
            assertThat(extractor.extract(rs, 4, null)).isEqualTo(Instant.EPOCH.minusMillis(1));
        }
    }
}
