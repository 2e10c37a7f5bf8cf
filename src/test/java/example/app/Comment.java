package example.app;

import dev.blogkit.model.Post;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * An application's own entity beside BlogKit's: a comment on a post, gone when its post goes (the database's
 * ON DELETE CASCADE). Its table comes from the application's migrations, which BlogKit's {@code generate} wrote
 * (src/test/resources/db/comments).
 */
// snippet: comment-entity
@Entity
@Table(name = "comments", indexes = @Index(name = "ix_comments_post_id", columnList = "post_id"))
public class Comment {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) @Column(name = "id") private Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "post_id", nullable = false, updatable = false, foreignKey = @ForeignKey(name = "fk_comments_post"))
    @OnDelete(action = OnDeleteAction.CASCADE)            // a post's comments go with it
    private Post post;
    @Column(name = "body", nullable = false, length = 2000) private String body;
    @Column(name = "created_at", nullable = false, updatable = false) private Instant createdAt;
    // constructors and getters
    // snippet pause

    protected Comment() {
        // for Hibernate
    }

    public Comment(Post post, String body, Instant createdAt) {
        this.post = post;
        this.body = body;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getBody() {
        return body;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "Comment{id=" + id + ", body='" + body + "'}";
    }
    // snippet resume
}
// end snippet
