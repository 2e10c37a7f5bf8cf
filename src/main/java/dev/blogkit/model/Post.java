package dev.blogkit.model;

import dev.blogkit.BlogRepository;
import dev.blogkit.NotLoadedException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.Hibernate;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.LazyInitializationException;

/**
 * A blog post: table {@code posts}. Instances come from {@link BlogRepository}, detached, with their author
 * loaded; change them through {@link BlogRepository#updatePost}.
 *
 * <p>Rules, checked before every insert and update: title 1 to 256 characters and not blank; body not null
 * (may be empty); no text contains the NUL character. The author never changes.
 */
@Entity
@Table(name = "posts", indexes = {
        // postsByAuthor (newest first) and the cascade from users
        @Index(name = "ix_posts_author_id_created_at", columnList = "author_id, created_at"),
        // pages of published posts, by offset and by keyset (created_at desc, id desc); on SQLite the id (the
        // rowid) is part of every index entry without being listed
        @Index(name = "ix_posts_published_created_at", columnList = "published, created_at, id")})
public class Post {

    public static final int TITLE_MAX_LENGTH = 256;

    @Id
    @AllocatedId
    @Column(name = "id")
    private Long id;

    @Column(name = "title", nullable = false, length = TITLE_MAX_LENGTH)
    private String title;

    @Column(name = "body", nullable = false)
    private String body;

    @Column(name = "published", nullable = false)
    private boolean published;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "author_id", nullable = false, updatable = false,
            foreignKey = @ForeignKey(name = "fk_posts_author"))
    @OnDelete(action = OnDeleteAction.CASCADE)
    private User author;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Post() {
        // for Hibernate
    }

    /** A new, not yet stored post; {@link BlogRepository#createPost} is the way to make one. */
    public Post(User author, String title, String body, boolean published, Instant createdAt) {
        this.author = Objects.requireNonNull(author, "author");
        this.title = title;
        this.body = body;
        this.published = published;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public boolean isPublished() {
        return published;
    }

    public void setPublished(boolean published) {
        this.published = published;
    }

    /**
     * The author. Every repository method that returns posts loads it; the author's own posts are loaded only
     * by {@link BlogRepository#findUserWithPosts(long)}.
     *
     * @throws NotLoadedException if this post was obtained in a way that did not load its author
     */
    public User getAuthor() {
        try {
            Hibernate.initialize(author);
        } catch (LazyInitializationException e) {
            throw new NotLoadedException("Post.getAuthor(): the author of post " + id + " was not loaded; "
                    + "use BlogRepository.findPost(id), which loads it", e);
        }
        return author;
    }

    /** When BlogKit stored the post, UTC, millisecond precision. */
    public Instant getCreatedAt() {
        return createdAt;
    }

    @PrePersist
    @PreUpdate
    void checkRules() {
        Checks.text("title", title, TITLE_MAX_LENGTH, false);
        Checks.text("body", body, Integer.MAX_VALUE, true);
    }

    /** Same class and same database id; a post not yet stored equals only itself. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || Hibernate.getClass(this) != Hibernate.getClass(other)) {
            return false;
        }
        return id != null && id.equals(((Post) other).getId());
    }

    /** Constant per class, so that a post keeps its hash code when it gets its id. */
    @Override
    public int hashCode() {
        return Post.class.hashCode();
    }

    @Override
    public String toString() {
        return "Post{id=" + id + ", title='" + title + "', published=" + published + "}";
    }
}
