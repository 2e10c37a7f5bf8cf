package dev.blogkit.model;

import dev.blogkit.BlogRepository;
import dev.blogkit.NotLoadedException;
import dev.blogkit.internal.text.SearchText;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.hibernate.Hibernate;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.LazyInitializationException;

/**
 * A blog post: table {@code posts}. Instances come from {@link BlogRepository}, detached, with their author
 * loaded; change them through {@link BlogRepository#updatePost}, or {@link BlogRepository#editPost} without
 * loading them.
 *
 * <p>Rules, checked before every insert and update: title 1 to 256 characters and not blank; body not null
 * (may be empty); no text contains the NUL character; the slug is a slug ({@link Slugs}) of at most
 * {@value #SLUG_MAX_LENGTH} characters; a publication time lies between {@link #MIN_INSTANT} and
 * {@link #MAX_INSTANT}. The author never changes.
 *
 * <p>Publication: a post is a draft ({@link #getPublishedAt()} null), scheduled (a publication time still to come)
 * or published (a publication time that has come). Listings of published posts show a scheduled post from its
 * publication time on, by BlogKit's clock, with no job to run.
 */
@Entity
// the repository's queries, checked at compile time by Hibernate's annotation processor
@NamedQuery(name = "Post.withAuthor", query = """
        select p from Post p
        join fetch p.author
        where p.id = :id
        """)
// a post with its author and its tags in one statement: one row per tag (or one row with no tag), by slug
@NamedQuery(name = "Post.withAuthorAndTags", query = Post.WITH_TAGS + """
        where p.id = :id
        order by t.slug
        """)
@NamedQuery(name = "Post.bySlug", query = Post.WITH_TAGS + """
        where p.id = (select s.post.id from PostSlug s where s.slug = :slug)
        order by t.slug
        """)
@NamedQuery(name = "Post.byAuthor", query = """
        select p from Post p
        join fetch p.author a
        where a.id = :authorId
        order by p.createdAt desc, p.id desc
        """)
// every post of an author, newest first, a keyset page
@NamedQuery(name = "Post.byAuthorPage", query = Post.BY_AUTHOR + """
        order by p.createdAt desc, p.id desc
        """)
@NamedQuery(name = "Post.byAuthorPageAfter", query = Post.BY_AUTHOR + """
        and (p.createdAt < :createdAt or (p.createdAt = :createdAt and p.id < :id))
        order by p.createdAt desc, p.id desc
        """)
@NamedQuery(name = "Post.countPublished", query = "select count(*) from Post p where p.publishedAt <= :now")
// the published listing, in two shapes (entities with their author, views) and three plans each: the top pages
// by offset with the join, deep pages by offset through a subquery of ids, and pages after a keyset cursor
@NamedQuery(name = "Post.publishedNearTop", query = Post.POSTS + Post.NEAR_TOP)
@NamedQuery(name = "Post.publishedByOffset", query = Post.POSTS + Post.BY_OFFSET)
@NamedQuery(name = "Post.publishedAfter", query = Post.POSTS + Post.AFTER)
@NamedQuery(name = "Post.viewsNearTop", query = Post.VIEWS + Post.NEAR_TOP)
@NamedQuery(name = "Post.viewsByOffset", query = Post.VIEWS + Post.BY_OFFSET)
@NamedQuery(name = "Post.viewsAfter", query = Post.VIEWS + Post.AFTER)
// the published posts of one tag, by keyset
@NamedQuery(name = "Post.viewsByTag", query = Post.VIEWS + Post.BY_TAG + Post.BY_TAG_FIRST)
@NamedQuery(name = "Post.viewsByTagAfter", query = Post.VIEWS + Post.BY_TAG + Post.BY_TAG_AFTER)
@Table(name = "posts", uniqueConstraints = @UniqueConstraint(name = "uq_posts_slug", columnNames = "slug"),
        indexes = {
        // postsByAuthor (newest first) and the cascade from users
        @Index(name = "ix_posts_author_id_created_at", columnList = "author_id, created_at"),
        // pages of published posts, by offset and by keyset (published_at desc, id desc); on SQLite the id (the
        // rowid) is part of every index entry without being listed
        @Index(name = "ix_posts_published_at", columnList = "published_at, id")})
public class Post {

    /** The posts of one author, with it. */
    static final String BY_AUTHOR = """
            select p from Post p
            join fetch p.author a
            where a.id = :authorId
            """;

    public static final int TITLE_MAX_LENGTH = 256;

    /** The longest slug; a slug derived from a long title is cut at a word boundary to leave room for a suffix. */
    public static final int SLUG_MAX_LENGTH = 200;

    /**
     * How much of a body search reads: its first 100,000 characters (code points), with the title, on every
     * database alike, and of those at most 15,000 words (see SearchText for every bound, which let PostgreSQL's
     * index of one post hold them). A body may be longer and is stored whole; a word that first appears past
     * this point does not find it.
     */
    public static final int SEARCHED_BODY_LENGTH = 100_000;

    /** The earliest publication time BlogKit stores. */
    public static final Instant MIN_INSTANT = Instant.parse("1970-01-01T00:00:00Z");

    /** The latest publication time BlogKit stores. */
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

    static final String WITH_TAGS = """
            select p, t from Post p
            join fetch p.author
            left join PostTag pt on pt.post = p
            left join pt.tag t
            """;

    /** The published listing's selects: posts with their author, and views of only the columns a PostView holds. */
    static final String POSTS = """
            select p from Post p
            join fetch p.author a
            """;
    static final String VIEWS = """
            select new dev.blogkit.PostView(p.id, p.title, p.body, p.published, p.createdAt, a.id, a.username,
                                            p.slug, p.publishedAt)
            from Post p
            join p.author a
            """;

    /** The listing's plans: HibernateBlogRepository says which page takes which, and why. */
    static final String NEAR_TOP = """
            where p.publishedAt <= :now
            order by p.publishedAt desc, p.id desc
            limit :limit offset :offset
            """;
    static final String BY_OFFSET = """
            where p.id in (select q.id from Post q
                           where q.publishedAt <= :now
                           order by q.publishedAt desc, q.id desc
                           limit :limit offset :offset)
            order by p.publishedAt desc, p.id desc
            """;
    /**
     * After a cursor: the seek alone. The repository binds a position no later than now (a cursor's position is a
     * post published by then), so the seek implies publishedAt <= now; a second upper bound on publishedAt would
     * leave SQLite unable to tell which bounds the index range, and it would scan the index from the newest post.
     */
    static final String AFTER = """
            where p.publishedAt <= :publishedAt
              and (p.publishedAt < :publishedAt or p.id < :id)
            order by p.publishedAt desc, p.id desc
            limit :limit
            """;
    /**
     * A tag's published posts: the posts' own order (the published_at index), each checked for the tag through
     * post_tags' key, so that a page stops after its rows, however many posts carry the tag.
     */
    static final String BY_TAG = """
            where exists (select 1 from PostTag pt join pt.tag t where pt.post = p and t.slug = :tagSlug)
            """;
    static final String BY_TAG_FIRST = """
              and p.publishedAt <= :now
            order by p.publishedAt desc, p.id desc
            limit :limit
            """;
    /** As AFTER: the seek alone, from a position no later than now. */
    static final String BY_TAG_AFTER = """
              and p.publishedAt <= :publishedAt
              and (p.publishedAt < :publishedAt or p.id < :id)
            order by p.publishedAt desc, p.id desc
            limit :limit
            """;

    /*
     * The mapped fields are package-private, not private: Hibernate's reflection optimizer then reads and writes
     * them with generated bytecode in this package. For private fields it falls back to java.lang.reflect on every
     * property of every entity loaded (measured: about 7 % of a page of 10 posts, 6 % of a user with 100 posts).
     * Outside dev.blogkit.model they are as closed as private ones.
     */

    @Id
    @AllocatedId
    @Column(name = "id")
    Long id;

    @Column(name = "title", nullable = false, length = TITLE_MAX_LENGTH)
    String title;

    @Column(name = "body", nullable = false)
    String body;

    /** True for a post with a publication time (published or scheduled), false for a draft. */
    @Column(name = "published", nullable = false)
    boolean published;

    @Column(name = "slug", nullable = false, length = SLUG_MAX_LENGTH)
    String slug;

    @Column(name = "published_at")
    Instant publishedAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    long version;

    /** By slug, when the method that returned the post loaded them (post_tags, model.PostTag); null otherwise. */
    @Transient
    List<Tag> tags;

    /**
     * The slug as the database held it when the post was loaded: it may predate the rule that a new slug be
     * canonical ({@link Slugs#isSlug}), and keeps being accepted while the post keeps it.
     */
    @Transient
    String storedSlug;

    /** BlogKit's clock, which says whether a publication time has come; set when BlogKit loads or stores the post. */
    @Transient
    Clock clock = Clock.systemUTC();

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "author_id", nullable = false, updatable = false,
            foreignKey = @ForeignKey(name = "fk_posts_author"))
    @OnDelete(action = OnDeleteAction.CASCADE)
    User author;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    protected Post() {
        // for Hibernate
    }

    /**
     * A new, not yet stored post, published at {@code createdAt} if {@code published}, with no slug yet;
     * {@link BlogRepository#createPost} is the way to make one.
     */
    public Post(User author, String title, String body, boolean published, Instant createdAt) {
        this.author = Objects.requireNonNull(author, "author");
        setTitle(title);
        setBody(body);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = createdAt;
        this.published = published;
        this.publishedAt = published ? createdAt : null;
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

    /**
     * The title as search's index holds it (SearchText's analysis, migration V10): posts.search_title, which
     * BlogKit's repository writes with every title it stores (a new post's through {@link PostRow}). Not an
     * attribute of this entity: a post loaded reads no more than before search had it.
     */
    public static String searchedTitle(String title) {
        return SearchText.indexedTitle(title);
    }

    /** The searched part of the body as search's index holds it: posts.search_body, as {@link #searchedTitle}. */
    public static String searchedBody(String body) {
        return SearchText.indexedBody(body, SEARCHED_BODY_LENGTH);
    }

    /** Whether the post is published: it has a publication time, and that time has come. */
    public boolean isPublished() {
        return published && publishedAt != null && !publishedAt.isAfter(clock.instant());
    }

    /** Whether the post is scheduled: it has a publication time still to come. */
    public boolean isScheduled() {
        return published && publishedAt != null && publishedAt.isAfter(clock.instant());
    }

    /**
     * {@code true} publishes the post now, unless it is published already (then it keeps its publication time);
     * {@code false} makes it a draft.
     */
    public void setPublished(boolean published) {
        if (!published) {
            setPublishedAt(null);
        } else if (!isPublished()) {
            setPublishedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /**
     * When the post is published, or will be: null for a draft. UTC, millisecond precision.
     */
    public Instant getPublishedAt() {
        return publishedAt;
    }

    /**
     * Publishes the post at {@code publishedAt} (a time to come schedules it, a time past publishes it at that
     * time), or makes it a draft (null). Stored at millisecond precision; checked when the post is saved.
     */
    public void setPublishedAt(Instant publishedAt) {
        this.publishedAt = publishedAt == null ? null : publishedAt.truncatedTo(ChronoUnit.MILLIS);
        this.published = publishedAt != null;
    }

    /**
     * The post's permalink: unique among every slug any post has or had. Derived from the title when the post is
     * created, unless the caller gave one.
     */
    public String getSlug() {
        return slug;
    }

    /**
     * Gives the post a new slug, saved by {@link BlogRepository#updatePost}; the old one keeps finding the post
     * ({@link BlogRepository#findPostBySlug}). Checked when the post is saved.
     */
    public void setSlug(String slug) {
        this.slug = slug;
    }

    /** When BlogKit last changed the post (its creation time until then), UTC, millisecond precision. */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** The post's version: 0 when created, one more with every change. See {@link BlogRepository#updatePost(long, long, java.util.function.Consumer)}. */
    public long getVersion() {
        return version;
    }

    /**
     * The post's tags, by slug, as an unmodifiable list; change them with {@link BlogRepository#tagPost} and
     * {@link BlogRepository#untagPost}.
     *
     * @throws NotLoadedException if the method that returned this post did not load its tags: use
     *     {@link BlogRepository#findPost(long)} or {@link BlogRepository#findPostBySlug(String)}
     */
    public List<Tag> getTags() {
        if (tags == null) {
            throw new NotLoadedException("Post.getTags(): the tags of post " + id + " were not loaded; "
                    + "use BlogRepository.findPost(id) or findPostBySlug(slug), which load them", null);
        }
        return tags;
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

    @PostLoad
    void rememberStoredSlug() {
        storedSlug = slug;
    }

    @PrePersist
    @PreUpdate
    void checkRules() {
        checkTitle(title);
        checkBody(body);
        if (slug != null && slug.equals(storedSlug)) {
            Slugs.checkStored("slug", slug, SLUG_MAX_LENGTH);
        } else {
            checkSlug(slug);
        }
        checkPublishedAt(publishedAt);
    }

    /**
     * Checks a slug against the rule every stored post obeys: see {@link Slugs}, at most {@value #SLUG_MAX_LENGTH}
     * characters.
     *
     * @throws dev.blogkit.InvalidInputException if it breaks the rule (field {@code slug})
     */
    public static void checkSlug(String slug) {
        Slugs.check("slug", slug, SLUG_MAX_LENGTH);
    }

    /**
     * Whether a post may have or have had this slug: one of the shape of {@link Slugs}, canonical or stored before
     * slugs had to be. What {@link BlogRepository#findPostBySlug} looks up; any other text finds nothing.
     */
    public static boolean isStoredSlugShape(String slug) {
        return Slugs.isWellFormed(slug, SLUG_MAX_LENGTH);
    }

    /**
     * Checks a publication time: null (a draft), or between {@link #MIN_INSTANT} and {@link #MAX_INSTANT}.
     *
     * @throws dev.blogkit.InvalidInputException if it breaks the rule (field {@code publishedAt})
     */
    public static void checkPublishedAt(Instant publishedAt) {
        if (publishedAt != null && (publishedAt.isBefore(MIN_INSTANT) || publishedAt.isAfter(MAX_INSTANT))) {
            throw new dev.blogkit.InvalidInputException("publishedAt", "publishedAt must be between " + MIN_INSTANT
                    + " and " + MAX_INSTANT + ", was " + publishedAt);
        }
    }

    /**
     * Gives the post the tags BlogKit loaded with it, by slug, for {@link #getTags()}. The repository calls it; an
     * application has no need to.
     */
    public void useTags(List<Tag> tags) {
        this.tags = List.copyOf(tags);
    }

    /** Gives the post BlogKit's clock, by which its publication time comes. The repository calls it. */
    public void useClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks a title against the rule every stored post obeys (see the class comment), as an insert or update
     * would: for a value that reaches the database without a Post, as {@link BlogRepository#editPost} does, or to
     * check a form before calling the repository.
     *
     * @throws dev.blogkit.InvalidInputException if it breaks the rule (field {@code title})
     */
    public static void checkTitle(String title) {
        Checks.text("title", title, TITLE_MAX_LENGTH, false);
    }

    /**
     * Checks a body against the rule every stored post obeys; see {@link #checkTitle}.
     *
     * @throws dev.blogkit.InvalidInputException if it breaks the rule (field {@code body})
     */
    public static void checkBody(String body) {
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
        return "Post{id=" + id + ", slug='" + slug + "', title='" + title + "', publishedAt=" + publishedAt
                + ", version=" + version + "}";
    }
}
