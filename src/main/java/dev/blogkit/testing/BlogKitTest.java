package dev.blogkit.testing;

import dev.blogkit.BlogConfig;
import dev.blogkit.DatabaseKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose test methods each get a fresh, migrated blog: declare a parameter of type
 * {@link dev.blogkit.Blog}, {@link dev.blogkit.BlogRepository} (the blog's repository) or {@link BlogConfig} (the
 * configuration, to open the database yourself; the blog is then opened only if a parameter asks for it) on a
 * {@code @Test} method, or on a {@code @BeforeEach} or {@code @AfterEach} method, which get the same blog as the
 * test.
 *
 * <pre>{@code
 * @BlogKitTest
 * class SignUpTest {
 *
 *     @Test
 *     void aNewUserHasNoPosts(BlogRepository repo) {
 *         User alice = repo.createUser("alice", "alice@example.com");
 *         assertThat(repo.postsOf(alice.getId())).isEmpty();
 *     }
 * }
 * }</pre>
 *
 * <p>Each test method's database is new: on SQLite a {@code blog.db} in a new temporary folder, on PostgreSQL a
 * new schema {@code blogkit_test_*}; BlogKit's migrations (and the application's, see {@link #migrations()}) are
 * applied when the blog opens. After the test, and after its {@code @AfterEach} methods, the blog is closed and the
 * folder deleted or the schema dropped, whether the test passed or failed.
 *
 * <p>The class runs once per database, shown as {@code [sqlite]} and {@code [postgresql]}: always on SQLite, and on
 * PostgreSQL when the JUnit configuration parameter or system property {@value #POSTGRES_URL_PROPERTY}, or else the
 * environment variable {@value #POSTGRES_URL_VARIABLE}, holds a server's JDBC URL (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, with the driver {@code org.postgresql:postgresql} on
 * the test class path; its user must be allowed to create schemas). Without one, the class runs on SQLite alone,
 * and a class limited to PostgreSQL ({@code databases = DatabaseKind.POSTGRESQL}) is skipped and says why. A
 * blank property turns PostgreSQL off even when the variable is set.
 *
 * <p>JUnit Jupiter 5.13 or later is needed (class templates).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ClassTemplate
@ExtendWith(BlogKitExtension.class)
public @interface BlogKitTest {

    /** The JUnit configuration parameter (or system property) with the PostgreSQL server's JDBC URL. */
    String POSTGRES_URL_PROPERTY = "blogkit.test.postgres.url";

    /** The environment variable read when {@value #POSTGRES_URL_PROPERTY} is not set. */
    String POSTGRES_URL_VARIABLE = "BLOGKIT_TEST_POSTGRES_URL";

    /**
     * An instant, in ISO-8601 ({@code 2024-01-01T00:00:00Z}), at which the blog's clock stands still: every
     * {@code createdAt} and publication time is then that instant. Empty (the default): the system clock.
     */
    String fixedClock() default "";

    /** The application's own entity classes, mapped beside BlogKit's (see {@link BlogConfig.Builder#entities}). */
    Class<?>[] entities() default {};

    /**
     * The Flyway location of the application's own migrations, such as {@code classpath:db/comments}, applied after
     * BlogKit's (see {@link BlogConfig.Builder#migrations}). Empty (the default): none.
     */
    String migrations() default "";

    /** The history table of {@link #migrations()}. */
    String historyTable() default BlogConfig.DEFAULT_HISTORY_TABLE;

    /** The databases to run on; PostgreSQL only when a server is configured (see above). */
    DatabaseKind[] databases() default {DatabaseKind.SQLITE, DatabaseKind.POSTGRESQL};
}
