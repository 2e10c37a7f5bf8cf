package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.internal.jdbc.StatementCache;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository over the statement cache of its SQLite pool (StatementCacheTest tests the cache alone). */
class RepositoryStatementsTest {

    @Test
    void theRepositoryPreparesEachQueryOncePerConnection(@TempDir Path blogDir) throws SQLException {
        try (Blog blog = Blog.open(BlogConfig.builder("jdbc:sqlite:" + blogDir.resolve("blog.db")).poolSize(1).build())) {
            BlogRepository repo = blog.repository();
            long author = repo.createUser("alice", "alice@example.com").getId();
            repo.createPost(author, "First", "Hello", true);
            repo.listPublishedPosts(1, 10);
            repo.findUserWithPosts(author);
            StatementCache statements = blog.dataSource().unwrap(StatementCache.class);
            long prepared = statements.preparedStatements();

            for (int i = 0; i < 5; i++) {
                repo.createPost(author, "Post " + i, "Body", true);
                assertThat(repo.listPublishedPosts(1, 10)).hasSize(i + 2);
                assertThat(repo.findUserWithPosts(author).orElseThrow().getPosts()).hasSize(i + 2);
            }

            assertThat(statements.preparedStatements()).isEqualTo(prepared);
        }
    }

}
