package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.model.Post;
import dev.blogkit.model.Tag;
import dev.blogkit.model.User;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every text parameter of every public {@link BlogRepository} method, given hostile text, on both databases: a
 * lookup of text no row can hold finds nothing, a write refuses it with an {@link InvalidInputException} naming the
 * parameter and leaves the database as it was, and nothing ever fails with a driver's error. A seeded fuzz adds
 * random text from every corner of Unicode to the fixed list.
 */
@ParameterizedClass
@EnumSource(TestTarget.Kind.class)
class HostileTextTest {

    /** Text neither database can store: every parameter refuses it, every lookup finds nothing with it. */
    static final List<String> UNSTORABLE = List.of("\0", "a\0b", "java\u0000", "\u0000java", "\uD800", "a\uD800b",
            "\uDC00x", "x\uD83D", "\uDE00\uD83D", "ok\uDBFF");
    static final List<String> BLANK = List.of("", " ", "\t\n\r", "\u00A0\u2007\u202F", "\u200B\u200D\uFEFF",
            "\u0085\u2028\u2029");
    /** Text that is odd but storable: stored exactly where a rule allows it, refused as invalid where not. */
    static final List<String> ODD = List.of("'; DROP TABLE users; --", "%", "_", "a%b_c", "\\", "\\0", "\"q\"",
            "\u202Eevil", "e\u0301", "\uD83D\uDE00", "NULL", "<script>x</script>", "ﬁ", "ǅ", "Ⅻ", "\u0301",
            "a\u0301\u0302\u0303", "x@y", "@", "a b", "-", "--a", "日本語", "\uFFFF", "\uFFFE", "\u0001\u001F",
            "\uDBFF\uDFFF", "ß", "ẞ", "İ", "a".repeat(64), "a".repeat(65), "b".repeat(129), "c".repeat(257));

    @Parameter
    TestTarget.Kind kind;
    @TempDir
    Path dir;
    TestTarget target;
    Blog blog;
    BlogRepository repo;
    long userId;
    long postId;

    /** How one parameter takes a value: whether the call writes, the field a refusal names, and its rules. */
    record Entry(String method, boolean write, String field, boolean allowBlank, int maxLength,
                 Call call) {
    }

    @FunctionalInterface
    interface Call {
        Object run(BlogRepository repo, String value) throws Exception;
    }

    final List<Entry> entries = new ArrayList<>();

    private void write(String method, String field, boolean allowBlank, int maxLength, Call call) {
        entries.add(new Entry(method, true, field, allowBlank, maxLength, call));
    }

    private void lookup(String method, Call call) {
        entries.add(new Entry(method, false, null, true, Integer.MAX_VALUE, call));
    }

    private void cursor(String method, Call call) {
        // no text but one BlogKit handed out is a cursor: all of it is refused
        entries.add(new Entry(method, true, "cursor", false, 0, call));
    }

    @BeforeEach
    void open() {
        target = TestTarget.create(kind, dir);
        blog = Blog.open(target.url());
        repo = blog.repository();
        userId = repo.createUser("alice", "alice@example.com").getId();
        postId = repo.createPost(userId, "Java notes", "About java and more", true).getId();
        repo.tagPost(postId, "Java");
        int title = Post.TITLE_MAX_LENGTH;
        int username = User.USERNAME_MAX_LENGTH;
        int email = User.EMAIL_MAX_LENGTH;
        int any = Integer.MAX_VALUE;
        write("createUser(String,String)#username", "username", false, username, (r, v) -> r.createUser(v, "new@example.com"));
        write("createUser(String,String)#email", "email", false, email, (r, v) -> r.createUser("newuser", v));
        lookup("findUserByUsername(String)", BlogRepository::findUserByUsername);
        lookup("findUserByEmail(String)", BlogRepository::findUserByEmail);
        cursor("listUsers(String,int)", (r, v) -> r.listUsers(v, 10));
        for (String m : List.of("updateUser(long,Consumer)", "updateUser(long,long,Consumer)")) {
            boolean versioned = m.contains("long,long");
            write(m + "#username", "username", false, username, (r, v) -> updateUser(r, versioned, u -> u.setUsername(v)));
            write(m + "#email", "email", false, email, (r, v) -> updateUser(r, versioned, u -> u.setEmail(v)));
            write(m + "#bio", "bio", true, any, (r, v) -> updateUser(r, versioned, u -> u.setBio(v)));
        }
        for (String m : List.of("editUser(long,UserEdit)", "editUser(long,long,UserEdit)")) {
            boolean versioned = m.contains("long,long");
            write(m + "#username", "username", false, username, (r, v) -> editUser(r, versioned, new UserEdit(v, null, null)));
            write(m + "#email", "email", false, email, (r, v) -> editUser(r, versioned, new UserEdit(null, v, null)));
            write(m + "#bio", "bio", true, any, (r, v) -> editUser(r, versioned, new UserEdit(null, null, v)));
        }
        write("createUsers(List)#username", "username", false, username, (r, v) -> r.createUsers(List.of(new NewUser(v, "n@example.com"))));
        write("createUsers(List)#email", "email", false, email, (r, v) -> r.createUsers(List.of(new NewUser("newuser", v))));
        write("createPost(long,String,String,boolean)#title", "title", false, title, (r, v) -> r.createPost(userId, v, "b", true));
        write("createPost(long,String,String,boolean)#body", "body", true, any, (r, v) -> r.createPost(userId, "t", v, true));
        write("createPost(long,String,String,boolean,String)#slug", "slug", false, Post.SLUG_MAX_LENGTH,
                (r, v) -> r.createPost(userId, "t", "b", true, v));
        lookup("findPostBySlug(String)", BlogRepository::findPostBySlug);
        cursor("postsByAuthor(long,String,int)", (r, v) -> r.postsByAuthor(userId, v, 10));
        for (String m : List.of("updatePost(long,Consumer)", "updatePost(long,long,Consumer)")) {
            boolean versioned = m.contains("long,long");
            write(m + "#title", "title", false, title, (r, v) -> updatePost(r, versioned, p -> p.setTitle(v)));
            write(m + "#body", "body", true, any, (r, v) -> updatePost(r, versioned, p -> p.setBody(v)));
            write(m + "#slug", "slug", false, Post.SLUG_MAX_LENGTH, (r, v) -> updatePost(r, versioned, p -> p.setSlug(v)));
        }
        for (String m : List.of("editPost(long,PostEdit)", "editPost(long,long,PostEdit)")) {
            boolean versioned = m.contains("long,long");
            write(m + "#title", "title", false, title, (r, v) -> editPost(r, versioned, new PostEdit(v, null, null)));
            write(m + "#body", "body", true, any, (r, v) -> editPost(r, versioned, new PostEdit(null, v, null)));
        }
        write("tagPost(long,String[])", "tag", false, Tag.NAME_MAX_LENGTH, (r, v) -> r.tagPost(postId, v));
        write("untagPost(long,String[])", "tag", false, Tag.NAME_MAX_LENGTH, (r, v) -> r.untagPost(postId, v));
        write("deleteTag(String)", "tag", false, Tag.NAME_MAX_LENGTH, BlogRepository::deleteTag);
        lookup("publishedPostsByTag(String,String,int)#tagSlug", (r, v) -> r.publishedPostsByTag(v, null, 10));
        cursor("publishedPostsByTag(String,String,int)#cursor", (r, v) -> r.publishedPostsByTag("java", v, 10));
        lookup("searchPosts(String,int,int)", (r, v) -> r.searchPosts(v, 1, 10));
        write("createPosts(List)#title", "title", false, title, (r, v) -> r.createPosts(List.of(new NewPost(userId, v, "b", true))));
        write("createPosts(List)#body", "body", true, any, (r, v) -> r.createPosts(List.of(new NewPost(userId, "t", v, true))));
        write("createPosts(List)#slug", "slug", false, Post.SLUG_MAX_LENGTH,
                (r, v) -> r.createPosts(List.of(new NewPost(userId, "t", "b", true, v))));
        cursor("publishedPosts(String,int)", (r, v) -> r.publishedPosts(v, 10));
        cursor("publishedPostViews(String,int)", (r, v) -> r.publishedPostViews(v, 10));
        cursor("postCountsByUser(String,int)", (r, v) -> r.postCountsByUser(v, 10));
    }

    private Object updateUser(BlogRepository r, boolean versioned, Consumer<User> change) {
        return versioned ? r.updateUser(userId, r.findUser(userId).orElseThrow().getVersion(), change)
                : r.updateUser(userId, change);
    }

    private Object editUser(BlogRepository r, boolean versioned, UserEdit edit) {
        return versioned ? r.editUser(userId, r.findUser(userId).orElseThrow().getVersion(), edit) : r.editUser(userId, edit);
    }

    private Object updatePost(BlogRepository r, boolean versioned, Consumer<Post> change) {
        return versioned ? r.updatePost(postId, r.findPost(postId).orElseThrow().getVersion(), change)
                : r.updatePost(postId, change);
    }

    private Object editPost(BlogRepository r, boolean versioned, PostEdit edit) {
        return versioned ? r.editPost(postId, r.findPost(postId).orElseThrow().getVersion(), edit) : r.editPost(postId, edit);
    }

    @AfterEach
    void close() {
        if (blog != null) {
            blog.close();
        }
        target.close();
    }

    /**
     * What a refused call must leave as it was, in one query: the rows of each table, and the versions of users and
     * posts (every change of a user or post raises its version).
     */
    private Map<String, Object> snapshot() {
        return target.rows("SELECT (SELECT count(*) FROM users) AS users, (SELECT coalesce(sum(version), 0) FROM users)"
                + " AS user_versions, (SELECT count(*) FROM posts) AS posts, (SELECT coalesce(sum(version), 0) FROM"
                + " posts) AS post_versions, (SELECT count(*) FROM post_slugs) AS slugs, (SELECT count(*) FROM tags)"
                + " AS tags, (SELECT count(*) FROM post_tags) AS taggings").get(0);
    }

    @Test
    void everyMethodThatTakesTextIsInTheTable() {
        Set<String> covered = new TreeSet<>();
        for (Entry entry : entries) {
            covered.add(entry.method().split("#")[0]);
        }
        Set<String> takingText = new TreeSet<>();
        for (Method method : BlogRepository.class.getMethods()) {
            List<Class<?>> types = Arrays.asList(method.getParameterTypes());
            if (types.stream().anyMatch(t -> t == String.class || t == String[].class
                    || t == Consumer.class && method.getName().startsWith("update")
                    || Collection.class.isAssignableFrom(t) || t == UserEdit.class || t == PostEdit.class)) {
                takingText.add(method.getName() + "(" + String.join(",", types.stream().map(Class::getSimpleName).toList()) + ")");
            }
        }
        assertThat(covered).isEqualTo(takingText);
    }

    @Test
    void unstorableTextIsRefusedByEveryWriteAndFindsNothingInEveryLookup() throws Exception {
        for (Entry entry : entries) {
            for (String value : UNSTORABLE) {
                expectNothingOrRefusal(entry, value);
            }
        }
    }

    @Test
    void blankAndOverlongTextIsRefusedWhereTheRulesSaySo() throws Exception {
        for (Entry entry : entries) {
            List<String> values = new ArrayList<>();
            if (!entry.allowBlank()) {
                values.addAll(BLANK);
            }
            if (entry.maxLength() < 1_000_000) {
                values.add("x".repeat(entry.maxLength() + 1));
                values.add("\uD83D\uDE00".repeat(entry.maxLength() + 1)); // code points, not chars
            }
            for (String value : values) {
                if (entry.write()) {
                    expectNothingOrRefusal(entry, value);
                } else {
                    expectNoDriverError(entry, value);
                }
            }
        }
    }

    @Test
    void oddAndRandomTextIsStoredExactlyOrRefusedAsInvalidNeverADriverError() throws Exception {
        Random random = new Random(29);
        List<String> values = new ArrayList<>(ODD);
        for (int i = 0; i < 25; i++) {
            values.add(randomText(random));
        }
        for (Entry entry : entries) {
            for (String value : values) {
                expectNoDriverError(entry, value);
            }
        }
        // what was stored is exactly what was given
        for (String value : values) {
            if (!value.isBlank() && value.codePointCount(0, value.length()) <= Post.TITLE_MAX_LENGTH && storable(value)
                    && !value.chars().allMatch(c -> Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.CONTROL || Character.isSpaceChar(c))) {
                try {
                    Post post = repo.createPost(userId, value, value, true);
                    assertThat(repo.findPost(post.getId()).orElseThrow().getTitle()).isEqualTo(value);
                    assertThat(repo.findPost(post.getId()).orElseThrow().getBody()).isEqualTo(value);
                } catch (InvalidInputException e) {
                    assertThat(e.field()).isEqualTo("title");
                }
            }
        }
    }

    private static boolean storable(String value) {
        return UNSTORABLE.stream().noneMatch(value::equals) && value.indexOf('\0') < 0
                && value.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF);
    }

    /** Text of up to 12 code points from every plane, with NUL, lone surrogates, controls and marks among them. */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x80));
                case 1 -> text.append((char) (0xD800 + random.nextInt(0x800)));
                case 2 -> text.append((char) (0x0300 + random.nextInt(0x70)));
                case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 4 -> text.append((char) random.nextInt(0x10000));
                default -> {
                    String odd = "\0 \u00A0\u200B%_'\"\\";
                    text.append(odd.charAt(random.nextInt(odd.length())));
                }
            }
        }
        return text.toString();
    }

    /** A write refuses it (naming its field) and changes nothing; a lookup finds nothing. */
    private void expectNothingOrRefusal(Entry entry, String value) throws Exception {
        Map<String, Object> before = entry.write() ? snapshot() : null;
        Object result;
        try {
            result = entry.call().run(repo, value);
        } catch (InvalidInputException e) {
            assertThat(entry.write() || isBlankSearch(entry, value)).as("%s with %s: a lookup refused it (%s)",
                    entry.method(), describe(value), e.getMessage()).isTrue();
            if (entry.write()) {
                assertThat(e.field()).as("%s with %s: %s", entry.method(), describe(value), e.getMessage())
                        .isEqualTo(entry.field());
                assertThat(snapshot()).as("%s with %s changed the database", entry.method(), describe(value))
                        .isEqualTo(before);
            }
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(entry.method() + " with " + describe(value) + " failed with " + e, e);
        }
        assertThat(entry.write()).as("%s accepted %s: %s", entry.method(), describe(value), result).isFalse();
        assertThat(isNothing(result)).as("%s with %s found %s", entry.method(), describe(value), result).isTrue();
    }

    /** Succeeds, or refuses as invalid (naming its field) or as taken, leaving the database as it was. */
    private void expectNoDriverError(Entry entry, String value) throws Exception {
        Map<String, Object> before = entry.write() ? snapshot() : null;
        try {
            entry.call().run(repo, value);
        } catch (InvalidInputException e) {
            if (entry.write()) {
                assertThat(e.field()).as("%s with %s: %s", entry.method(), describe(value), e.getMessage())
                        .isEqualTo(entry.field());
            } else {
                assertThat(isBlankSearch(entry, value)).as("%s with %s: %s", entry.method(), describe(value),
                        e.getMessage()).isTrue();
                return;
            }
            assertThat(snapshot()).isEqualTo(before);
        } catch (DuplicateException e) {
            assertThat(entry.write()).isTrue();
            assertThat(snapshot()).isEqualTo(before);
        } catch (RuntimeException e) {
            throw new AssertionError(entry.method() + " with " + describe(value) + " failed with " + e, e);
        }
    }

    private static boolean isBlankSearch(Entry entry, String value) {
        return entry.method().startsWith("searchPosts") && dev.blogkit.model.Checks.isBlank(value);
    }

    private static boolean isNothing(Object result) {
        if (result instanceof Optional<?> optional) {
            return optional.isEmpty();
        }
        if (result instanceof Page<?> page) {
            return page.items().isEmpty() && page.totalItems() == 0;
        }
        if (result instanceof CursorPage<?> page) {
            return page.items().isEmpty();
        }
        if (result instanceof Collection<?> collection) {
            return collection.isEmpty();
        }
        return Boolean.FALSE.equals(result);
    }

    private static String describe(String value) {
        StringBuilder out = new StringBuilder("'");
        value.chars().limit(40).forEach(c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.append(value.length() > 40 ? "...' (" + value.length() + " chars)" : "'").toString();
    }
}
