package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.java.InstantJavaType;
import org.junit.jupiter.api.Test;

/** BlogKit's SQLite dialect reads timestamps stored as INTEGER epoch milliseconds. */
class SqliteDialectTest {

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
