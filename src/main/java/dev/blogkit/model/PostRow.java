package dev.blogkit.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A new post's row as BlogKit's repository inserts it: every column of {@code posts}, the search analysis
 * ({@link Post#searchedTitle}, {@link Post#searchedBody}, migration V10) included, in one INSERT. {@link Post}
 * maps no search column, so that loading posts reads no more than before search had them (mapped, they made a
 * user with 100 posts about a fifth slower); this entity is written, never read. Not for applications: create
 * posts through {@code BlogRepository}.
 */
@Entity(name = "PostRow")
@Table(name = "posts")
public class PostRow {

    @Id
    @Column(name = "id")
    Long id;

    @Column(name = "author_id", nullable = false)
    long authorId;

    @Column(name = "title", nullable = false, length = Post.TITLE_MAX_LENGTH)
    String title;

    @Column(name = "body", nullable = false)
    String body;

    @Column(name = "search_title", nullable = false)
    String searchTitle;

    @Column(name = "search_body", nullable = false)
    String searchBody;

    @Column(name = "published", nullable = false)
    boolean published;

    @Column(name = "slug", nullable = false, length = Post.SLUG_MAX_LENGTH)
    String slug;

    @Column(name = "published_at")
    Instant publishedAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "version", nullable = false)
    long version;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected PostRow() {
        // for Hibernate
    }

    /** The row of a post that has its id and its slug and passed its rules, with its title and body analysed. */
    public static PostRow of(Post post) {
        PostRow row = new PostRow();
        row.id = java.util.Objects.requireNonNull(post.id, "the post's id");
        row.authorId = post.author.getId();
        row.title = post.title;
        row.body = post.body;
        row.searchTitle = Post.searchedTitle(post.title);
        row.searchBody = Post.searchedBody(post.body);
        row.published = post.published;
        row.slug = java.util.Objects.requireNonNull(post.slug, "the post's slug");
        row.publishedAt = post.publishedAt;
        row.updatedAt = post.updatedAt;
        row.version = post.version;
        row.createdAt = post.createdAt;
        return row;
    }
}
