package dev.blogkit.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * A slug that a post has or had: table {@code post_slugs}, every slug a post ever had, its current one included.
 * It keeps old links working ({@link dev.blogkit.BlogRepository#findPostBySlug}) and keeps a slug from passing to
 * another post while the post that had it exists. Written by the repository only.
 */
@Entity
@Table(name = "post_slugs", indexes = @Index(name = "ix_post_slugs_post_id", columnList = "post_id"))
public class PostSlug {

    @Id
    @Column(name = "slug", length = Post.SLUG_MAX_LENGTH)
    String slug;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "post_id", nullable = false, updatable = false,
            foreignKey = @ForeignKey(name = "fk_post_slugs_post"))
    @OnDelete(action = OnDeleteAction.CASCADE)
    Post post;

    protected PostSlug() {
        // for Hibernate
    }

    /** The claim of {@code slug} by {@code post}, as the repository's bulk path writes it. */
    public PostSlug(String slug, Post post) {
        this.slug = slug;
        this.post = post;
    }

    public String getSlug() {
        return slug;
    }
}
