package dev.blogkit.model;

import dev.blogkit.BlogRepository;
import dev.blogkit.InvalidInputException;
import dev.blogkit.NotLoadedException;
import dev.blogkit.internal.text.Identity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.hibernate.Hibernate;
import org.hibernate.LazyInitializationException;

/**
 * A blog author: table {@code users}. Instances come from {@link BlogRepository} and are detached: change them
 * through {@link BlogRepository#updateUser}, which validates and saves in one transaction.
 *
 * <p>Rules, checked before every insert and update: username 1 to 64 characters and not blank (nor made only of
 * characters that names ignore, see {@link #lookupKey}); email at most
 * 128 characters with exactly one '@', text on both sides and no white space; no text contains the NUL
 * character. Username and email are unique without regard to case: through their lookup keys
 * ({@link #lookupKey}), so that {@code Alice} is taken by {@code alice}; they are stored as typed.
 */
@Entity
// the repository's queries, checked at compile time by Hibernate's annotation processor
@NamedQuery(name = "User.byUsername", query = "from User u where u.usernameKey = :key")
@NamedQuery(name = "User.withPosts", query = """
        select u from User u
        left join fetch u.posts
        where u.id = :id
        """)
@NamedQuery(name = "User.byEmail", query = "from User u where u.emailKey = :key")
// users by id, a keyset page
@NamedQuery(name = "User.page", query = "from User u order by u.id")
@NamedQuery(name = "User.pageAfter", query = "from User u where u.id > :id order by u.id")
// post counts most first, then by id: a keyset page (the aggregate compared in HAVING)
@NamedQuery(name = "User.postCountsPage", query = User.POST_COUNTS + """
        order by count(p.id) desc, u.id asc
        """)
@NamedQuery(name = "User.postCountsPageAfter", query = User.POST_COUNTS + """
        having count(p.id) < :count or (count(p.id) = :count and u.id > :id)
        order by count(p.id) desc, u.id asc
        """)
@NamedQuery(name = "User.postCounts", query = """
        select new dev.blogkit.UserPostCount(u.id, u.username, count(p.id))
        from User u
        left join u.posts p
        group by u.id, u.username
        order by count(p.id) desc, u.username asc
        """)
@Table(name = "users", uniqueConstraints = {
        @UniqueConstraint(name = "uq_users_username", columnNames = "username"),
        @UniqueConstraint(name = "uq_users_email", columnNames = "email")},
        indexes = {
        // usernames and emails are unique, and found, without regard to case: by their lookup keys
        @Index(name = "uq_users_username_key", columnList = "username_key", unique = true),
        @Index(name = "uq_users_email_key", columnList = "email_key", unique = true)})
public class User {

    /** Every user with their number of posts: the select of the pages of post counts. */
    static final String POST_COUNTS = """
            select new dev.blogkit.UserPostCount(u.id, u.username, count(p.id))
            from User u
            left join u.posts p
            group by u.id, u.username
            """;

    public static final int USERNAME_MAX_LENGTH = 64;
    public static final int EMAIL_MAX_LENGTH = 128;

    // package-private mapped fields: see Post

    @Id
    @AllocatedId
    @Column(name = "id")
    Long id;

    @Column(name = "username", nullable = false, length = USERNAME_MAX_LENGTH)
    String username;

    @Column(name = "email", nullable = false, length = EMAIL_MAX_LENGTH)
    String email;

    /** The SHA-256 of the username's {@link #lookupKey}: unique, what lookups compare (migrations V7, V9). */
    @Column(name = "username_key", length = Identity.STORED_KEY_LENGTH)
    String usernameKey;

    /** The SHA-256 of the email's {@link #lookupKey}: unique, what lookups compare (migrations V7, V9). */
    @Column(name = "email_key", length = Identity.STORED_KEY_LENGTH)
    String emailKey;

    @Column(name = "bio")
    String bio;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    long version;

    /** Oldest first, the order they were written in. Loaded only by {@link BlogRepository#findUserWithPosts}. */
    @OneToMany(mappedBy = "author")
    @OrderBy("createdAt asc, id asc")
    List<Post> posts = new ArrayList<>();

    protected User() {
        // for Hibernate
    }

    /** A new, not yet stored user; {@link BlogRepository#createUser} is the way to make one. */
    public User(String username, String email, Instant createdAt) {
        setUsername(username);
        setEmail(email);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    /** Sets the username, stored as typed; it is unique and found without regard to case ({@link #lookupKey}). */
    public void setUsername(String username) {
        this.username = username;
        this.usernameKey = username == null ? null : Identity.storedKey(username);
    }

    public String getEmail() {
        return email;
    }

    /** Sets the email, stored as typed; it is unique and found without regard to case ({@link #lookupKey}). */
    public void setEmail(String email) {
        this.email = email;
        this.emailKey = email == null ? null : Identity.storedKey(email);
    }

    /**
     * The form in which usernames and emails are compared: two that give the same key are the same name (unique
     * among users, and found by either). Unicode's {@code NFKC_Casefold}: compatibility normalisation (NFKC), the
     * full case folding of Unicode's {@code CaseFolding.txt}, and default-ignorable characters (zero-width joiners,
     * soft hyphens) removed; ICU's implementation, so the same on every database and every JVM. {@code ALICE},
     * {@code Alice} and {@code alice} are one, as are {@code STRASSE}, {@code straße} and {@code STRAẞE}, the Greek
     * sigmas {@code Σ σ ς}, and {@code ﬁ} and {@code fi}; the Turkish dotless {@code ı} stays apart from {@code i}
     * (Unicode's default folding, not the Turkish one). The database stores the key's SHA-256, 43 characters
     * whatever the value, so that every value the rules accept is stored on every database.
     *
     * @throws NullPointerException if text is null
     */
    public static String lookupKey(String text) {
        return Identity.key(text);
    }

    /** The optional free-text biography (migration V2); null when not set. */
    public String getBio() {
        return bio;
    }

    public void setBio(String bio) {
        this.bio = bio;
    }

    /** When BlogKit stored the user, UTC, millisecond precision. */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** When BlogKit last changed the user (its creation time until then), UTC, millisecond precision. */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /**
     * The user's version: 0 when created, one more with every change. See
     * {@link BlogRepository#updateUser(long, long, java.util.function.Consumer)}.
     */
    public long getVersion() {
        return version;
    }

    /**
     * The user's posts, oldest first, as an unmodifiable list (posts are created and deleted through the
     * repository, never by editing this list).
     *
     * @throws NotLoadedException if the method that returned this user did not load the posts: use
     *     {@link BlogRepository#findUserWithPosts(long)}
     */
    public List<Post> getPosts() {
        try {
            Hibernate.initialize(posts);
        } catch (LazyInitializationException e) {
            throw new NotLoadedException("User.getPosts(): the posts of user " + id + " were not loaded; "
                    + "use BlogRepository.findUserWithPosts(id) to get a user with all their posts", e);
        }
        return Collections.unmodifiableList(posts);
    }

    @PrePersist
    @PreUpdate
    void checkRules() {
        checkUsername(username);
        checkEmail(email);
        checkBio(bio);
    }

    /**
     * Checks a username against the rule every stored user obeys (see the class comment), as an insert or update
     * would.
     *
     * @throws dev.blogkit.InvalidInputException if it breaks the rule (field {@code username})
     */
    public static void checkUsername(String username) {
        Checks.text("username", username, USERNAME_MAX_LENGTH, false);
        if (Identity.key(username).isEmpty()) {
            throw new InvalidInputException("username", "username must not be blank (it has only characters that are "
                    + "ignored when names are compared, such as U+115F or U+FE0F)");
        }
    }

    /**
     * Checks an email; see {@link #checkUsername}.
     *
     * @throws dev.blogkit.InvalidInputException if it breaks the rule (field {@code email})
     */
    public static void checkEmail(String email) {
        Checks.email(email, EMAIL_MAX_LENGTH);
    }

    /**
     * Checks a bio (null: none); see {@link #checkUsername}.
     *
     * @throws dev.blogkit.InvalidInputException if it breaks the rule (field {@code bio})
     */
    public static void checkBio(String bio) {
        Checks.optionalText("bio", bio, Integer.MAX_VALUE);
    }

    /** Same class and same database id; a user not yet stored equals only itself. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || Hibernate.getClass(this) != Hibernate.getClass(other)) {
            return false;
        }
        return id != null && id.equals(((User) other).getId());
    }

    /** Constant per class, so that a user keeps its hash code when it gets its id. */
    @Override
    public int hashCode() {
        return User.class.hashCode();
    }

    @Override
    public String toString() {
        return "User{id=" + id + ", username='" + username + "'}";
    }
}
