package dev.blogkit.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;
import org.junit.jupiter.api.Test;

class DriversTest {

    /** A class loader that sees nothing but the JDK. */
    private static final ClassLoader JDK_ONLY = ClassLoader.getPlatformClassLoader();

    @Test
    void acceptsTheDriversOnTheClassPath() {
        assertThatCode(() -> Drivers.require(DatabaseKind.SQLITE)).doesNotThrowAnyException();
        assertThatCode(() -> Drivers.require(DatabaseKind.POSTGRESQL)).doesNotThrowAnyException();
    }

    @Test
    void aMissingPostgresqlDriverIsOneLineNamingTheArtifact() {
        assertThatThrownBy(() -> Drivers.require(DatabaseKind.POSTGRESQL, JDK_ONLY, null))
                .isExactlyInstanceOf(BlogException.class)
                .hasMessage("the PostgreSQL JDBC driver (org.postgresql.Driver) is not on the class path: add the"
                        + " dependency org.postgresql:postgresql (BlogKit is tested with 42.7.14)");
    }

    @Test
    void aMissingSqliteDriverNamesTheArtifact() {
        assertThatThrownBy(() -> Drivers.require(DatabaseKind.SQLITE, JDK_ONLY))
                .isExactlyInstanceOf(BlogException.class)
                .hasMessageContaining("org.xerial:sqlite-jdbc")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theTestedVersionIsTheOneTheBuildUses() {
        String driverVersion = org.postgresql.Driver.class.getPackage().getImplementationVersion();
        assertThat(driverVersion).isEqualTo(Drivers.TESTED_POSTGRESQL_DRIVER);
    }
}
