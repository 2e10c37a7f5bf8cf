package example.readme.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.Blog;
import dev.blogkit.BlogRepository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// snippet: plain-junit-test
class MyServiceTest {

    @TempDir
    Path dir;

    @Test
    void publishesADraft() {
        try (Blog blog = Blog.open("jdbc:sqlite:" + dir.resolve("blog.db"))) {
            BlogRepository repo = blog.repository();
            // ...
            assertThat(repo.countPublishedPosts()).isZero();
        }
    }
}
// end snippet
