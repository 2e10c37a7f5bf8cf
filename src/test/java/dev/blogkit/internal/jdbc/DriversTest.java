package dev.blogkit.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.BlogException;
import dev.blogkit.DatabaseKind;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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

    /**
     * An application that depends on BlogKit alone (no pgJDBC) and is given a PostgreSQL URL: the command line,
     * run from BlogKit's classes with every dependency but the driver, fails with the one line and touches nothing
     * (port 1: nothing listens; the refusal comes before any connection).
     */
    @Test
    void anApplicationWithoutPgjdbcIsToldWhatToAdd() throws Exception {
        List<String> withoutDriver = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("postgresql-"))
                .toList();
        assertThat(withoutDriver).as("the test's class path, which has the driver")
                .hasSizeLessThan(System.getProperty("java.class.path").split(File.pathSeparator).length);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, withoutDriver), "dev.blogkit.cli.BlogKitCli",
                "info", "--url", "jdbc:postgresql://127.0.0.1:1/blog?password=secret").start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isNotZero();
        assertThat(out).isEmpty();
        assertThat(err.lines().collect(Collectors.toList())).singleElement().asString()
                .contains("org.postgresql:postgresql")
                .doesNotContain("secret");
    }
}
