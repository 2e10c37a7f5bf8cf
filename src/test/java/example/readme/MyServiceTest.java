package example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.BlogRepository;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import dev.blogkit.testing.BlogKitTest;
import org.junit.jupiter.api.Test;

// snippet: blogkit-test
@BlogKitTest
class MyServiceTest {

    @Test
    void publishesADraft(BlogRepository repo) {
        User alice = repo.createUser("alice", "alice@example.com");
        Post draft = repo.createPost(alice.getId(), "Draft", "...", false);

        new MyService(repo).publish(draft.getId());

        assertThat(repo.countPublishedPosts()).isEqualTo(1);
    }
}
// end snippet
