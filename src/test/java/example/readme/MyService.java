package example.readme;

import dev.blogkit.BlogRepository;

/** The application's service of the README's testing section: it publishes a draft. */
public class MyService {

    private final BlogRepository repo;

    public MyService(BlogRepository repo) {
        this.repo = repo;
    }

    public void publish(long postId) {
        repo.publishPost(postId);
    }
}
