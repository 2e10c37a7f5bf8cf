package dev.blogkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the repository's test classes: each runs once on a fresh SQLite file and once on PostgreSQL
 * (skipped, and says so, without {@code BLOGKIT_TEST_POSTGRES_URL}), with an open {@link #blog} whose SQL
 * statements {@link #sql} records.
 */
abstract class OnEachDatabase extends EachDatabase {

    Blog blog;
    BlogRepository repo;
    final TestDatabase.SqlLog sql = new TestDatabase.SqlLog();

    @BeforeEach
    void openBlog() {
        blog = target.open(sql);
        repo = blog.repository();
    }

    @AfterEach
    void closeBlog() {
        if (blog != null) {
            blog.close();
        }
    }
}
