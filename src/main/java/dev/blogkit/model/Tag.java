package dev.blogkit.model;

import dev.blogkit.BlogRepository;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import org.hibernate.Hibernate;

/**
 * A tag: table {@code tags}. Created on first use by {@link BlogRepository#tagPost}, found by its slug, deleted by
 * {@link BlogRepository#deleteTag}. Names that give the same slug ({@code Java}, {@code java}, {@code JAVA}) are one
 * tag, named as it was first written.
 *
 * <p>Rules: name 1 to {@value #NAME_MAX_LENGTH} characters, not blank, no NUL, and with at least one letter or digit
 * (its slug must not be empty); the slug, derived from the name, at most {@value #SLUG_MAX_LENGTH} characters.
 */
@Entity
@Table(name = "tags", uniqueConstraints = @UniqueConstraint(name = "uq_tags_slug", columnNames = "slug"))
public class Tag {

    public static final int NAME_MAX_LENGTH = 64;
    public static final int SLUG_MAX_LENGTH = 128;

    // package-private mapped fields: see Post

    @Id
    @AllocatedId
    @Column(name = "id")
    Long id;

    @Column(name = "name", nullable = false, length = NAME_MAX_LENGTH)
    String name;

    @Column(name = "slug", nullable = false, length = SLUG_MAX_LENGTH)
    String slug;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    protected Tag() {
        // for Hibernate
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getSlug() {
        return slug;
    }

    /** When the tag was first used, UTC, millisecond precision. */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /**
     * The slug of a tag name, after checking the name against the rules (see the class comment).
     *
     * @throws dev.blogkit.InvalidInputException if the name breaks a rule (field {@code tag})
     */
    public static String slugOf(String name) {
        Checks.text("tag", name, NAME_MAX_LENGTH, false);
        String slug = Slugs.fromText(name, SLUG_MAX_LENGTH);
        if (slug.isEmpty()) {
            throw new dev.blogkit.InvalidInputException("tag", "tag '" + name + "' has no letter or digit to make "
                    + "its slug of");
        }
        return slug;
    }

    /**
     * Whether a tag may have this slug (the shape of {@link Slugs}, at most {@value #SLUG_MAX_LENGTH} characters):
     * what {@link dev.blogkit.BlogRepository#publishedPostsByTag} looks up; any other text finds nothing.
     */
    public static boolean isSlugShape(String slug) {
        return Slugs.isWellFormed(slug, SLUG_MAX_LENGTH);
    }

    /** Same class and same database id. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || Hibernate.getClass(this) != Hibernate.getClass(other)) {
            return false;
        }
        return id != null && id.equals(((Tag) other).getId());
    }

    @Override
    public int hashCode() {
        return Tag.class.hashCode();
    }

    @Override
    public String toString() {
        return "Tag{id=" + id + ", slug='" + slug + "', name='" + name + "'}";
    }
}
