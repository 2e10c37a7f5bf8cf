package dev.blogkit;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fixture of the repository's test classes: each runs once on a fresh SQLite file and once on PostgreSQL
 * (skipped, and says so, without {@code BLOGKIT_TEST_POSTGRES_URL}), with an open {@link #blog} whose SQL
 * statements {@link #sql} records.
 */
@ParameterizedClass
@EnumSource(TestTarget.Kind.class)
abstract class OnEachDatabase {

    @Parameter
    TestTarget.Kind kind;
    @TempDir
    Path dir;
    TestTarget target;
    Blog blog;
    BlogRepository repo;
    final TestDatabase.SqlLog sql = new TestDatabase.SqlLog();

    @BeforeEach
    void openBlog() {
        target = TestTarget.create(kind, dir);
        blog = target.open(sql);
        repo = blog.repository();
    }

    @AfterEach
    void closeBlog() {
        if (blog != null) {
            blog.close();
        }
        if (target != null) {
            target.close();
        }
    }
}
