package dev.blogkit.bench;

import dev.blogkit.Blog;
import dev.blogkit.BlogConfig;
import dev.blogkit.BlogRepository;
import dev.blogkit.CursorPage;
import dev.blogkit.NewPost;
import dev.blogkit.NewUser;
import dev.blogkit.PostEdit;
import dev.blogkit.PostView;
import dev.blogkit.UserPostCount;
import dev.blogkit.bench.Dataset.PostRow;
import dev.blogkit.bench.Dataset.UserRow;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The workload through BlogKit's public API only: {@link Blog} and {@link BlogRepository}, on a new SQLite file or
 * an empty PostgreSQL schema, as its URL says.
 */
final class BlogKitWorkload implements Workload {

    /** The cursor walk's page size where it can (then pages of 10 up to the position). */
    private static final int WALK_LIMIT = BlogRepository.MAX_LIMIT;

    private final String url;
    private final SteppingClock clock = new SteppingClock(Dataset.USERS_START);
    private Blog blog;
    private BlogRepository repo;
    /** What createUsers returned, for {@link #userId}. */
    private List<User> users = List.of();
    /** What createPosts and createPost returned since {@link #postId} last read them, in the workload's order. */
    private final List<List<Post>> created = new ArrayList<>();
    /** The ids BlogKit gave posts 0 .. known-1. */
    private long[] postIds = new long[0];
    private int known;

    /** @param url jdbc:sqlite:NEW-FILE, or jdbc:postgresql:...?currentSchema=EMPTY-SCHEMA */
    BlogKitWorkload(String url) {
        this.url = url;
    }

    @Override
    public String impl() {
        return "blogkit";
    }

    /**
     * Opening a blog on a new file or an empty schema migrates it; the workload's busy timeout, 5 s, instead of
     * BlogKit's 10 s (SQLite's setting: PostgreSQL has none).
     */
    @Override
    public void createSchema() {
        blog = Blog.open(BlogConfig.builder(url)
                .busyTimeout(Duration.ofMillis(5000))
                .clock(clock)
                .build());
        repo = blog.repository();
    }

    @Override
    public void insertUsers(List<UserRow> users) {
        List<NewUser> rows = new ArrayList<>(users.size());
        for (UserRow user : users) {
            rows.add(new NewUser(user.username(), user.email()));
        }
        clock.set(users.get(0).createdAt());
        this.users = repo.createUsers(rows);
    }

    @Override
    public void insertPosts(List<PostRow> posts) {
        created.add(createPosts(posts));
    }

    /** The posts in one createPosts call, which stamps them in the order given, one clock step each from the first. */
    private List<Post> createPosts(List<PostRow> posts) {
        List<NewPost> rows = new ArrayList<>(posts.size());
        for (PostRow post : posts) {
            rows.add(new NewPost(post.authorId(), post.title(), post.body(), post.published()));
        }
        clock.set(posts.get(0).createdAt());
        return repo.createPosts(rows);
    }

    @Override
    public void createPost(PostRow post) {
        clock.set(post.createdAt());
        created.add(List.of(repo.createPost(post.authorId(), post.title(), post.body(), post.published())));
    }

    @Override
    public void insertSameTitle(List<PostRow> posts) {
        // not among the workload's numbered posts (postId)
        createPosts(posts);
    }

    @Override
    public void createSameTitle(PostRow post) {
        clock.set(post.createdAt());
        repo.createPost(post.authorId(), post.title(), post.body(), post.published());
    }

    @Override
    public long[] sameTitleCounts(String title) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
             java.sql.PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*), count(DISTINCT slug) FROM posts WHERE title = ?")) {
            query.setString(1, title);
            try (java.sql.ResultSet rs = query.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    @Override
    public Page page(int page, int perPage) {
        List<PageItem> items = new ArrayList<>();
        for (dev.blogkit.PostView v : repo.listPublishedPostViews(page, perPage)) {
            items.add(new PageItem(v.id(), v.authorUsername(), v.createdAt().toEpochMilli()));
        }
        return new Page(items);
    }

    /** Pages of 100, then of 10, from the first page: the cursor of the page that ends at {@code position}. */
    @Override
    public Object cursorAfter(int position) {
        if (position % 10 != 0) {
            throw new IllegalArgumentException("position must be a multiple of 10, was " + position);
        }
        String cursor = null;
        int walked = 0;
        while (walked < position) {
            int limit = position - walked >= WALK_LIMIT ? WALK_LIMIT : 10;
            CursorPage<PostView> page = repo.publishedPostViews(cursor, limit);
            if (page.items().size() != limit || page.nextCursor() == null) {
                throw new BenchmarkFailure("blogkit: publishedPostViews ended after " + walked + " posts, before "
                        + position);
            }
            cursor = page.nextCursor();
            walked += limit;
        }
        return cursor;
    }

    @Override
    public Page pageAfter(Object cursor, int limit) {
        return page(repo.publishedPostViews((String) cursor, limit).items());
    }

    @Override
    public long countPublished() {
        return repo.countPublishedPosts();
    }

    @Override
    public List<UserCount> postsPerUser() {
        List<UserPostCount> rows = repo.postCountsByUser();
        List<UserCount> counts = new ArrayList<>(rows.size());
        for (UserPostCount row : rows) {
            counts.add(new UserCount(row.username(), row.postCount()));
        }
        return counts;
    }

    @Override
    public UserPosts userWithPosts(long userId) {
        User user = repo.findUserWithPosts(userId).orElse(null);
        if (user == null) {
            return null;
        }
        List<Post> posts = user.getPosts();
        long idSum = 0;
        int published = 0;
        long textChars = 0;
        for (Post post : posts) {
            idSum += post.getId();
            published += post.isPublished() ? 1 : 0;
            textChars += post.getTitle().length() + post.getBody().length();
        }
        return new UserPosts(user.getId(), user.getUsername(), posts.size(), idSum,
                posts.isEmpty() ? 0 : posts.get(0).getId(), posts.isEmpty() ? 0 : posts.get(posts.size() - 1).getId(),
                published, textChars);
    }

    @Override
    public void tagPosts(List<Long> postIds, String tag) {
        for (long id : postIds) {
            if (!repo.tagPost(id, tag)) {
                throw new BenchmarkFailure("blogkit: tagPost(" + id + "): no such post");
            }
        }
    }

    @Override
    public Hits search(SearchCase query, int perPage) {
        dev.blogkit.Page<dev.blogkit.SearchHit> hits = repo.searchPosts(query.typed(), 1, perPage);
        List<PageItem> items = new ArrayList<>(hits.items().size());
        for (dev.blogkit.SearchHit hit : hits.items()) {
            PostView v = hit.post();
            items.add(new PageItem(v.id(), v.authorUsername(), v.createdAt().toEpochMilli()));
        }
        return new Hits(new Page(items), hits.totalItems());
    }

    @Override
    public Hits pageWithTotal(int page, int perPage) {
        dev.blogkit.Page<PostView> views = repo.publishedPostsPage(page, perPage);
        return new Hits(page(views.items()), views.totalItems());
    }

    @Override
    public Page pageByTag(String tag, int limit) {
        return page(repo.publishedPostsByTag(tag, null, limit).items());
    }

    @Override
    public void updatePost(long postId, String title) {
        if (!repo.editPost(postId, new PostEdit(title, null, true))) {
            throw new BenchmarkFailure("blogkit: updatePost(" + postId + "): no such post");
        }
    }

    @Override
    public boolean deleteUser(long userId) {
        return repo.deleteUser(userId);
    }

    /** By the API alone: every post has an author, so the users' post counts add up to all posts. */
    @Override
    public Totals totals() {
        List<UserPostCount> rows = repo.postCountsByUser();
        long posts = 0;
        for (UserPostCount row : rows) {
            posts += row.postCount();
        }
        return new Totals(rows.size(), posts, repo.countPublishedPosts());
    }

    /** The ids createPosts and createPost returned: the run creates posts in the workload's order, 0, 1, 2, ... */
    @Override
    public long postId(long i) {
        if (!created.isEmpty()) {
            int total = known;
            for (List<Post> posts : created) {
                total += posts.size();
            }
            postIds = Arrays.copyOf(postIds, total);
            for (List<Post> posts : created) {
                for (Post post : posts) {
                    postIds[known++] = post.getId();
                }
            }
            created.clear();
        }
        if (i >= known) {
            throw new IllegalArgumentException("post " + i + " was not created yet");
        }
        return postIds[(int) i];
    }

    @Override
    public long userId(int u) {
        return users.get(u).getId();
    }

    @Override
    public void close() {
        if (blog != null) {
            blog.close();
        }
    }

    private static Page page(List<PostView> posts) {
        List<PageItem> items = new ArrayList<>(posts.size());
        for (PostView post : posts) {
            items.add(new PageItem(post.id(), post.authorUsername(), post.createdAt().toEpochMilli()));
        }
        return new Page(items);
    }
}
