package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.blogkit.migration.MigrationException;
import dev.blogkit.migration.Migrations;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A server's settings: credentials given apart from the URL, no password in any message, report or
 * {@code toString()}, and the timeouts that bound a call.
 */
class ServerSettingsTest {

    @Test
    void timeoutsHaveBoundingDefaultsAndRefuseNonsense() {
        BlogConfig config = BlogConfig.builder("jdbc:postgresql://db/blog").build();

        assertThat(config.connectionTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(config.statementTimeout()).isEqualTo(java.time.Duration.ofSeconds(20));
        for (java.time.Duration bad : new java.time.Duration[] {null, java.time.Duration.ZERO,
                java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> BlogConfig.builder("jdbc:postgresql://db/blog").connectionTimeout(bad))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> BlogConfig.builder("jdbc:postgresql://db/blog").statementTimeout(bad))
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aPasswordInTheUrlIsMaskedInToStringAndTheDisplayedUrl() {
        BlogConfig config = BlogConfig.builder("jdbc:postgresql://db.example.com/blog?user=app&password=hunter2").build();
        BlogConfig userInfo = BlogConfig.builder("jdbc:postgresql://app:hunter2@db.example.com/blog").build();

        assertThat(config.toString()).doesNotContain("hunter2").contains("password=***");
        assertThat(config.displayUrl()).isEqualTo("jdbc:postgresql://db.example.com/blog?user=app&password=***");
        assertThat(userInfo.displayUrl()).isEqualTo("jdbc:postgresql://app:***@db.example.com/blog");
        assertThat(config.jdbcUrl()).contains("hunter2");
        assertThat(BlogConfig.masked("no secret here: alice@example.com")).isEqualTo("no secret here: alice@example.com");
    }

    /** Issue 31: pgJDBC quotes the user info of a URL whose host it cannot parse without the URL around it. */
    @Test
    void aPasswordADriverQuotesOutsideTheUrlIsMaskedTooAndTheRestOfTheTextStays() {
        assertThat(BlogConfig.masked("unknown host postgres:s3cr3t-pw@127.0.0.1"))
                .isEqualTo("unknown host postgres:***@127.0.0.1");
        assertThat(BlogConfig.masked("java.net.UnknownHostException: postgres:s3cr3t-pw@127.0.0.1: Name or service"))
                .isEqualTo("java.net.UnknownHostException: postgres:***@127.0.0.1: Name or service");
        assertThat(BlogConfig.masked("(postgres:s3cr3t-pw@db) 'app:pw@db'")).isEqualTo("(postgres:***@db) 'app:***@db'");
        assertThat(BlogConfig.masked("jdbc:postgresql://postgres:s3cr3t-pw@127.0.0.1:5432/db"))
                .isEqualTo("jdbc:postgresql://postgres:***@127.0.0.1:5432/db");
        assertThat(BlogConfig.masked("at 10:30 alice@example.com wrote key:value pairs"))
                .isEqualTo("at 10:30 alice@example.com wrote key:value pairs");
    }

    /** What a user saw: the password in Blog.open's message, in the CLI's error line and in its --verbose trace. */
    @Test
    void aUrlWhoseHostTheDriverCannotParseShowsNoPasswordAnywhere() {
        String url = "jdbc:postgresql://postgres:s3cr3t-pw@127.0.0.1:5432/db";
        assertThatThrownBy(() -> Blog.open(url)).isInstanceOf(BlogException.class)
                .satisfies(e -> assertThat(traceOf(e)).doesNotContain("s3cr3t-pw"));
    }

    private static String traceOf(Throwable e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        return trace.toString();
    }

    @Test
    void credentialsAreNeverPrintedAndTheUrlMayNotNameAUserToo() {
        BlogConfig config = BlogConfig.builder("jdbc:postgresql://db.example.com/blog").credentials("app", "hunter2").build();

        assertThat(config.toString()).doesNotContain("hunter2").contains("user=app", "password=***");
        assertThat(config.user()).contains("app");
        assertThatThrownBy(() -> BlogConfig.builder("jdbc:postgresql://db.example.com/blog?user=other")
                .credentials("app", "hunter2").build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("credentials"));
        assertThatThrownBy(() -> BlogConfig.builder("jdbc:postgresql://db/blog").credentials(" ", "x"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aFailureToConnectShowsNoPassword() {
        // nothing listens on port 1
        String url = "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=hunter2&connectTimeout=2";

        assertThatThrownBy(() -> Migrations.on(url).migrate()).isInstanceOf(MigrationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> Blog.open(BlogConfig.builder("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2")
                .credentials("postgres", "hunter2").build()))
                .isInstanceOf(BlogException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    /**
     * A server that cannot be reached in time: the TCP handshake completes (the kernel's backlog) but nothing ever
     * answers, as behind a network that drops packets after the connect. The connect and the login are bounded by
     * the connection timeout, for the migrations' connections and the pool's alike.
     */
    @Test
    void aServerThatNeverAnswersFailsWithinTheConnectionTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            BlogConfig config = BlogConfig.builder("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test?user=postgres")
                    .connectionTimeout(java.time.Duration.ofSeconds(1)).build();

            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
                assertThatThrownBy(() -> Blog.open(config)).isInstanceOf(BlogException.class)
                        .hasMessageContaining("cannot connect to jdbc:postgresql://127.0.0.1:" + silent.getLocalPort());
                assertThatThrownBy(() -> Migrations.on(config).history()).isInstanceOf(BlogException.class);
            }, "a server that never answers must fail the call, not hang it");
        }
    }

    @Test
    void credentialsOpenAServerWhoseUrlNamesNoUser() {
        String server = System.getenv(TestTarget.POSTGRES_URL_VARIABLE);
        assumeThat(server).as(TestTarget.POSTGRES_URL_VARIABLE + " is not set: skipped on PostgreSQL").isNotBlank();
        String schema = "blogkit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestDatabase.execute(server, "CREATE SCHEMA " + schema);
        try {
            // the URL of the test server without its user setting: the credentials must name the user
            String bare = server.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
            String url = bare + (bare.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            BlogConfig config = BlogConfig.builder(url).credentials("postgres", "not shown").build();

            try (Blog blog = Blog.open(config)) {
                blog.repository().createUser("alice", "alice@example.com");
            }

            assertThat(Migrations.on(config).currentVersion()).contains("10");
            assertThat(Migrations.on(config).check().matches()).isTrue();
        } finally {
            TestDatabase.execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
