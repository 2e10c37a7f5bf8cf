package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.blogkit.migration.Migrations;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/** BlogConfig.builder(DataSource): the application's own pool, which BlogKit uses and never closes. */
class ApplicationDataSourceTest {

    @Test
    void aBlogOverTheApplicationsPoolMigratesWorksAndLeavesThePoolOpen() throws Exception {
        String server = System.getenv(TestTarget.POSTGRES_URL_VARIABLE);
        assumeThat(server).as(TestTarget.POSTGRES_URL_VARIABLE + " is not set: skipped on PostgreSQL").isNotBlank();
        String schema = "blogkit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestDatabase.execute(server, "CREATE SCHEMA " + schema);
        HikariConfig hikari = new HikariConfig();
        // the user comes with the pool's credentials, not in the URL
        String bare = server.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
        hikari.setJdbcUrl(bare + (bare.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        hikari.setUsername("postgres");
        hikari.setPassword("not-shown-anywhere");
        hikari.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(hikari)) {
            BlogConfig config = BlogConfig.builder(pool).build();
            assertThat(config.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
            assertThat(config.dataSource()).containsSame(pool);
            assertThat(config.toString()).doesNotContain("not-shown-anywhere");

            try (Blog blog = Blog.open(config)) {
                User alice = blog.repository().createUser("alice", "alice@example.com");
                blog.repository().createPost(alice.getId(), "Hello", "From the application's pool", true);
                assertThat(blog.repository().countPublishedPosts()).isEqualTo(1);
            }

            // BlogKit closed its Hibernate, not the application's pool
            assertThat(pool.isClosed()).isFalse();
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM posts")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            Migrations migrations = Migrations.on(config);
            assertThat(migrations.currentVersion()).contains("10");
            assertThat(migrations.check().matches()).isTrue();
            assertThat(migrations.validate().valid()).isTrue();
            // a second open of the same pool sees the same data and migrates nothing
            try (Blog again = Blog.open(BlogConfig.builder(pool).migrateOnOpen(false).build())) {
                assertThat(again.repository().findUserByUsername("alice")).isPresent();
            }
            assertThat(pool.isClosed()).isFalse();
        } finally {
            TestDatabase.execute(server, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void settingsOfThePoolAreRefusedWithTheApplicationsDataSource() {
        String server = System.getenv(TestTarget.POSTGRES_URL_VARIABLE);
        assumeThat(server).as(TestTarget.POSTGRES_URL_VARIABLE + " is not set: skipped on PostgreSQL").isNotBlank();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server);

        for (java.util.function.UnaryOperator<BlogConfig.Builder> setting : java.util.List.<java.util.function.UnaryOperator<BlogConfig.Builder>>of(
                b -> b.poolSize(3), b -> b.connectionTimeout(Duration.ofSeconds(3)),
                b -> b.statementTimeout(Duration.ofSeconds(3)), b -> b.credentials("app", "secret"),
                b -> b.readOnly(true))) {
            assertThatThrownBy(() -> setting.apply(BlogConfig.builder(dataSource)).build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("set it on that pool");
        }
    }

    @Test
    void anSqliteDataSourceIsRefusedWithTheUrlToUseInstead(@TempDir Path folder) {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        Path file = folder.resolve("blog.db");
        sqlite.setUrl("jdbc:sqlite:" + file);

        assertThatThrownBy(() -> BlogConfig.builder(sqlite))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("dataSource"))
                .hasMessageContaining("BlogConfig.builder(\"jdbc:sqlite:" + file + "\")");
        assertThatThrownBy(() -> BlogConfig.builder((javax.sql.DataSource) null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aDataSourceThatGivesNoConnectionIsABlogExceptionWithoutItsPassword() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        // nothing listens on port 1
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2");
        unreachable.setUser("postgres");
        unreachable.setPassword("hunter2");

        assertThatThrownBy(() -> BlogConfig.builder(unreachable))
                .isInstanceOf(BlogException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("cannot get a connection from the data source")
                        .doesNotContain("hunter2"));
    }
}
