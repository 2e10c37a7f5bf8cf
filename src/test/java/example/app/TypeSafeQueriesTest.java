package example.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.Blog;
import dev.blogkit.BlogRepository;
import dev.blogkit.testing.BlogKitTest;
import dev.blogkit.model.Post;
import dev.blogkit.model.Post_;
import dev.blogkit.model.User;
import dev.blogkit.model.User_;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Root;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application's own query over BlogKit's entities, written against the static metamodel that ships in BlogKit's
 * jar (Post_, User_): no entity or field name is a string, so a typo does not compile. The README shows the region
 * {@code type-safe-query} ({@link example.readme.ReadmeTest}).
 */
@BlogKitTest
class TypeSafeQueriesTest {

    @Test
    void anApplicationQueriesBlogKitsEntitiesThroughTheStaticMetamodel(Blog blog) {
        BlogRepository repo = blog.repository();
        User alice = repo.createUser("alice", "alice@example.com");
        User bob = repo.createUser("bob", "bob@example.com");
        repo.createPost(alice.getId(), "Old draft", "...", false);
        repo.createPost(alice.getId(), "Hello", "...", true);
        repo.createPost(bob.getId(), "Bob's post", "...", true);

        // snippet: type-safe-query
        List<String> titles = blog.inReadTransaction(session -> {
            CriteriaBuilder cb = session.getCriteriaBuilder();
            CriteriaQuery<String> query = cb.createQuery(String.class);
            Root<Post> post = query.from(Post.class);
            Join<Post, User> author = post.join(Post_.author);
            query.select(post.get(Post_.title))
                    .where(cb.lessThanOrEqualTo(post.get(Post_.publishedAt), Instant.now()),
                            cb.equal(author.get(User_.username), "alice"))
                    .orderBy(cb.desc(post.get(Post_.createdAt)));
            return session.createQuery(query).getResultList();
        });
        // end snippet

        assertThat(titles).containsExactly("Hello");
    }
}
