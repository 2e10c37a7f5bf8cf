package dev.blogkit.model;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * A tagging: table {@code post_tags}, one row per tag a post carries, its key (post_id, tag_id). Deleting the post
 * or the tag deletes it. Written by the repository only ({@link dev.blogkit.BlogRepository#tagPost}); mapped as an
 * entity of its own, not as a collection of Post, so that loading posts costs no collection wrapper per post.
 */
@Entity
@IdClass(PostTag.Key.class)
@Table(name = "post_tags", indexes = {
        // a tag's posts (tagCounts) and the cascade from tags
        @Index(name = "ix_post_tags_tag_id", columnList = "tag_id, post_id")})
public class PostTag {

    @Id
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "post_id", nullable = false, updatable = false,
            foreignKey = @ForeignKey(name = "fk_post_tags_post"))
    @OnDelete(action = OnDeleteAction.CASCADE)
    Post post;

    @Id
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "tag_id", nullable = false, updatable = false,
            foreignKey = @ForeignKey(name = "fk_post_tags_tag"))
    @OnDelete(action = OnDeleteAction.CASCADE)
    Tag tag;

    protected PostTag() {
        // for Hibernate
    }

    /** The key of a tagging: the post's id and the tag's id. */
    public static final class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        Long post;
        Long tag;

        public Key() {
            // for Hibernate
        }

        /** The key of post {@code post}'s tagging with tag {@code tag}. */
        public Key(Long post, Long tag) {
            this.post = post;
            this.tag = tag;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(post, key.post) && Objects.equals(tag, key.tag);
        }

        @Override
        public int hashCode() {
            return Objects.hash(post, tag);
        }
    }
}
