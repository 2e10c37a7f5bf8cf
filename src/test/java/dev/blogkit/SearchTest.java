package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.internal.text.SearchText;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * searchPosts on each database: one corpus, one list of queries, the same expected hits on both (every assertion
 * below runs on SQLite and on PostgreSQL).
 */
class SearchTest extends OnEachDatabase {

    User alice;
    /** The corpus, by a short name: title and body. */
    final Map<String, Long> ids = new LinkedHashMap<>();

    @BeforeEach
    void corpus() {
        alice = repo.createUser("alice", "alice@example.com");
        post("running", "Running a blog on SQLite", "Why one file is enough for most blogs.");
        post("dogs", "Our dogs", "The dog runs in the park every morning; dogs love running.");
        post("cafe", "Notes from a café", "Crème brûlée and a naïve espresso at the Café de Flore.");
        post("migrations", "Database migrations", "Flyway migrates the schema; undo goes down again. PostgreSQL too.");
        post("email", "Write us", "Send an e-mail to hello@example.com, don't call. Version 3.14 is out.");
        post("phrase", "Sharp tools", "A state of the art migration tool keeps the schema in step.");
        post("mysql", "Not MySQL", "We left MySQL for PostgreSQL and never looked back; migrations were easy.");
        post("html", "Escaping <b>matters</b>", "Use <script>alert(1)</script> & friends carefully in a blog.");
    }

    private void post(String name, String title, String body) {
        ids.put(name, repo.createPost(alice.getId(), title, body, true).getId());
    }

    /** The hits of a query, named "long" for a post this test made on its own. */
    private String nameOf(long id) {
        return ids.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst().orElse("long");
    }

    /** The names of the posts a query finds, as a set. */
    private Set<String> hits(String query) {
        Page<SearchHit> page = repo.searchPosts(query, 1, BlogRepository.MAX_PER_PAGE);
        assertThat(page.totalItems()).isEqualTo(page.items().size());
        return page.items().stream().map(h -> nameOf(h.post().id())).collect(Collectors.toSet());
    }

    @Test
    void wordsMustAllMatchWithEnglishStemmingAndWithoutRegardToCase() {
        assertThat(hits("blog")).containsExactlyInAnyOrder("running", "html");
        assertThat(hits("RUNS")).containsExactlyInAnyOrder("running", "dogs");
        assertThat(hits("dog park")).containsExactlyInAnyOrder("dogs");
        assertThat(hits("dog sqlite")).isEmpty();
        assertThat(hits("migration")).containsExactlyInAnyOrder("migrations", "phrase", "mysql");
        assertThat(hits("postgresql migrations")).containsExactlyInAnyOrder("migrations", "mysql");
    }

    @Test
    void diacriticsAreIgnoredBothWays() {
        assertThat(hits("cafe")).containsExactlyInAnyOrder("cafe");
        assertThat(hits("CAFÉ creme")).containsExactlyInAnyOrder("cafe");
        assertThat(hits("naive brulee")).containsExactlyInAnyOrder("cafe");
    }

    @Test
    void quotedPhrasesMatchWordsThatFollowOneAnother() {
        assertThat(hits("\"state of the art\"")).containsExactlyInAnyOrder("phrase");
        assertThat(hits("\"art of the state\"")).isEmpty();
        assertThat(hits("\"the schema\"")).containsExactlyInAnyOrder("migrations", "phrase");
        assertThat(hits("\"never looked back")).as("an unclosed quote runs to the end").containsExactly("mysql");
    }

    @Test
    void aPrefixMatchesEveryWordThatStartsWithIt() {
        assertThat(hits("migr*")).containsExactlyInAnyOrder("migrations", "phrase", "mysql");
        assertThat(hits("postgre*")).containsExactlyInAnyOrder("migrations", "mysql");
        assertThat(hits("esp* flo*")).containsExactlyInAnyOrder("cafe");
    }

    @Test
    void excludedWordsAndPhrasesRemovePosts() {
        assertThat(hits("migrations -mysql")).containsExactlyInAnyOrder("migrations", "phrase");
        assertThat(hits("migrations -\"state of the art\"")).containsExactlyInAnyOrder("migrations", "mysql");
        assertThat(hits("-mysql")).as("nothing to find but exclusions").isEmpty();
    }

    @Test
    void wordsSplitAtEveryCharacterThatIsNeitherLetterNorDigit() {
        assertThat(hits("e-mail")).containsExactlyInAnyOrder("email");
        assertThat(hits("mail")).containsExactlyInAnyOrder("email");
        assertThat(hits("hello@example.com")).containsExactlyInAnyOrder("email");
        assertThat(hits("example")).containsExactlyInAnyOrder("email");
        assertThat(hits("don't")).containsExactlyInAnyOrder("email");
        assertThat(hits("3.14")).containsExactlyInAnyOrder("email");
    }

    @Test
    void aTitleMatchRanksAboveABodyMatch() {
        List<SearchHit> found = repo.searchPosts("dogs", 1, 10).items();
        assertThat(found).extracting(h -> h.post().id()).first().isEqualTo(ids.get("dogs"));
        assertThat(repo.searchPosts("sqlite", 1, 10).items()).extracting(h -> h.post().id())
                .containsExactly(ids.get("running"));
        Post bodyOnly = repo.createPost(alice.getId(), "Something else", "Our SQLite notes.", true);
        List<SearchHit> ranked = repo.searchPosts("sqlite", 1, 10).items();
        assertThat(ranked).extracting(h -> h.post().id()).containsExactly(ids.get("running"), bodyOnly.getId());
        assertThat(ranked.get(0).rank()).isGreaterThan(ranked.get(1).rank());
    }

    @Test
    void theSnippetMarksTheMatchedWordsAndEscapesTheRest() {
        SearchHit hit = repo.searchPosts("park", 1, 10).items().get(0);
        assertThat(hit.snippet()).contains("<mark>park</mark>");
        assertThat(hit.post().title()).isEqualTo("Our dogs");
        assertThat(hit.post().authorUsername()).isEqualTo("alice");

        SearchHit html = repo.searchPosts("script carefully", 1, 10).items().get(0);
        assertThat(html.snippet()).contains("&amp;").contains("<mark>carefully</mark>").doesNotContain("<script>");
    }

    /** Issue 30: PostgreSQL's own snippets missed words with diacritics and words inside markup. */
    @Test
    void theSnippetMarksEveryMatchedWordWhateverItsAccentsAndTheMarkupAroundIt() {
        long id = repo.createPost(alice.getId(), "Snippets",
                "At the Café and the Pa\u0302tisserie, <b>CAFÉS</b> ran <script>alert('kubernetes')</script> all day.",
                true).getId();

        SearchHit accents = single(repo.searchPosts("cafe patisserie", 1, 10).items(), id);
        assertThat(accents.snippet()).isEqualTo("At the <mark>Café</mark> and the <mark>Pa\u0302tisserie</mark>, "
                + "&lt;b&gt;<mark>CAFÉS</mark>&lt;/b&gt; ran &lt;script&gt;alert(&#39;kubernetes&#39;)&lt;/script&gt; all "
                + "day");
        SearchHit markup = single(repo.searchPosts("Kubernetes", 1, 10).items(), id);
        assertThat(markup.snippet()).contains("alert(&#39;<mark>kubernetes</mark>&#39;)")
                .doesNotContain("<script>", "<b>");
        assertThat(markup.snippet().replace("<mark>", "").replace("</mark>", "")).doesNotContain("<", ">");
        // a prefix marks each word it matches; the title is the snippet when only the title matches
        assertThat(single(repo.searchPosts("caf* kubernetes", 1, 10).items(), id).snippet())
                .contains("<mark>Café</mark>", "<mark>CAFÉS</mark>", "<mark>kubernetes</mark>");
        assertThat(single(repo.searchPosts("snippets", 1, 10).items(), id).snippet()).isEqualTo("<mark>Snippets</mark>");
    }

    /**
     * The largest index a post can need (the longest title in the most words, a searched part of distinct long
     * words, one word repeated past the bound of its occurrences) is stored on both databases, and found alike.
     */
    @Test
    void thePostWithTheLargestIndexIsStoredAndFoundAlikeOnBothDatabases() {
        StringBuilder body = new StringBuilder("Wombat ");
        java.util.Random random = new java.util.Random(31);
        for (int w = 0; w < 1_000; w++) {
            for (int c = 0; c < 70; c++) {
                body.appendCodePoint(0x10428 + random.nextInt(40));
            }
            body.append(' ');
        }
        body.append("alpha ".repeat(300)).append("omega beta");
        long id = repo.createPost(alice.getId(), "\uFDFA".repeat(256), body.toString(), true).getId();

        assertThat(repo.searchPosts("wombat", 1, 10).items()).extracting(h -> h.post().id()).containsExactly(id);
        assertThat(repo.searchPosts("\"omega beta\"", 1, 10).items()).extracting(h -> h.post().id())
                .as("the words after the filler keep their positions").containsExactly(id);
        assertThat(repo.searchPosts("\"alpha omega\"", 1, 10).totalItems())
                .as("the 300th alpha is past the bound of a word's occurrences").isZero();
        assertThat(repo.searchPosts("\u0635\u0644\u0649", 1, 10).items()).extracting(h -> h.post().id())
                .containsExactly(id);
    }

    /** A passage of 16 words around the first match, with an ellipsis where the text goes on. */
    @Test
    void aLongBodysSnippetIsThePassageAroundItsFirstMatch() {
        String body = "one two three four five six seven eight nine ten Quokka eleven twelve thirteen fourteen "
                + "fifteen sixteen seventeen eighteen nineteen twenty";
        long id = repo.createPost(alice.getId(), "Counting", body, true).getId();

        assertThat(single(repo.searchPosts("quokka", 1, 10).items(), id).snippet()).isEqualTo(
                "…seven eight nine ten <mark>Quokka</mark> eleven twelve thirteen fourteen fifteen sixteen seventeen "
                        + "eighteen nineteen twenty");
        String longer = body + " and more";
        assertThat(repo.updatePost(id, p -> p.setBody(longer))).isPresent();
        assertThat(single(repo.searchPosts("quokka", 1, 10).items(), id).snippet()).endsWith("<mark>Quokka</mark> "
                + "eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty and…");
    }

    private static SearchHit single(List<SearchHit> hits, long id) {
        assertThat(hits).extracting(h -> h.post().id()).containsExactly(id);
        return hits.get(0);
    }

    @Test
    void anyTextIsAValidQueryAndAnEmptyOneIsRefused() {
        for (String odd : List.of("\"", "\"\"", "*", "-", "--", "AND", "OR NOT", "a AND OR b", "(", ")", "NEAR(a b)",
                "title:blog", "'; DROP TABLE posts; --", "\\", "^", "{}", "a & b | !c", "<->", "x:*", "💥", "a\u0000b",
                "ǅ", "\u0301", "--\"-\"", "blog*\"*", "٣", "ⅻ")) {
            assertThat(repo.searchPosts(odd, 1, 10).totalItems()).as(odd).isGreaterThanOrEqualTo(0);
        }
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            StringBuilder text = new StringBuilder("x");
            for (int c = 0; c < 12; c++) {
                text.append((char) (random.nextBoolean() ? 32 + random.nextInt(96) : random.nextInt(0x3000)));
            }
            String query = text.toString();
            assertThat(repo.searchPosts(query, 1, 10)).as(query).isNotNull();
        }
        assertThatThrownBy(() -> repo.searchPosts("", 1, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.searchPosts("  \t", 1, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.searchPosts(null, 1, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.searchPosts("blog", 0, 10)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.searchPosts("blog", 1, 0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void onlyPublishedPostsAreFound() {
        Post draft = repo.createPost(alice.getId(), "Draft about dogs", "dogs", false);
        Post scheduled = repo.createPost(alice.getId(), "Scheduled dogs", "dogs", true);
        repo.schedulePost(scheduled.getId(), Instant.parse("2999-01-01T00:00:00Z"));
        assertThat(hits("dogs")).containsExactlyInAnyOrder("dogs");

        repo.publishPost(draft.getId());
        assertThat(repo.searchPosts("dogs", 1, 10).items()).extracting(h -> h.post().id()).contains(draft.getId());
        repo.unpublishPost(draft.getId());
        assertThat(repo.searchPosts("dogs", 1, 10).items()).extracting(h -> h.post().id()).doesNotContain(draft.getId());
    }

    @Test
    void theIndexFollowsEveryWritePath() {
        Post post = repo.createPost(alice.getId(), "Zebras", "striped", true);
        assertThat(repo.searchPosts("zebra", 1, 10).totalItems()).isEqualTo(1);

        repo.editPost(post.getId(), new PostEdit("Giraffes", null, null));
        assertThat(repo.searchPosts("zebra", 1, 10).totalItems()).isZero();
        assertThat(repo.searchPosts("giraffe", 1, 10).totalItems()).isEqualTo(1);

        repo.updatePost(post.getId(), p -> p.setBody("spotted and tall"));
        assertThat(repo.searchPosts("striped", 1, 10).totalItems()).isZero();
        assertThat(repo.searchPosts("spotted", 1, 10).totalItems()).isEqualTo(1);

        repo.createPosts(List.of(new NewPost(alice.getId(), "Okapis", "forest giraffes", true),
                new NewPost(alice.getId(), "Okapi draft", "giraffes", false)));
        assertThat(repo.searchPosts("giraffe", 1, 10).totalItems()).isEqualTo(2);

        repo.deletePost(post.getId());
        assertThat(repo.searchPosts("spotted", 1, 10).totalItems()).isZero();

        User bob = repo.createUser("bob", "bob@example.com");
        repo.createPost(bob.getId(), "Bob on wombats", "wombats", true);
        assertThat(repo.searchPosts("wombat", 1, 10).totalItems()).isEqualTo(1);
        repo.deleteUser(bob.getId());
        assertThat(repo.searchPosts("wombat", 1, 10).totalItems()).as("the cascade from the user").isZero();

        blog.inRepositoryTransaction(r -> r.createPost(alice.getId(), "Lemurs", "lemurs", true));
        assertThat(repo.searchPosts("lemur", 1, 10).totalItems()).isEqualTo(1);
        assertThatThrownBy(() -> blog.inRepositoryTransaction(r -> {
            r.createPost(alice.getId(), "Koalas", "koalas", true);
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(repo.searchPosts("koala", 1, 10).totalItems()).as("rolled back with the post").isZero();
    }

    /** The search columns as the row holds them: title's, then body's. */
    private List<String> storedSearchColumns(long postId) {
        Object[] row = blog.inReadTransaction(session -> (Object[]) session.createNativeQuery(
                "SELECT search_title, search_body FROM posts WHERE id = :id", Object[].class)
                .setParameter("id", postId).getSingleResult());
        return List.of((String) row[0], (String) row[1]);
    }

    @Test
    void everyRepositoryWriteStoresTheAnalysisOfWhatItChangedAndKeepsTheRest() {
        Post post = repo.createPost(alice.getId(), "Zebras", "striped", true);
        List<String> zebras = List.of(Post.searchedTitle("Zebras"), Post.searchedBody("striped"));
        assertThat(storedSearchColumns(post.getId())).isEqualTo(zebras);

        repo.updatePost(post.getId(), p -> p.setSlug("zebras-and-more"));
        assertThat(storedSearchColumns(post.getId())).as("a change of slug alone").isEqualTo(zebras);

        repo.updatePost(post.getId(), p -> p.setTitle("Giraffes"));
        assertThat(storedSearchColumns(post.getId())).as("a change of title alone")
                .containsExactly(Post.searchedTitle("Giraffes"), Post.searchedBody("striped"));
        assertThat(hits("striped")).hasSize(1);
        assertThat(hits("zebra")).isEmpty();

        repo.updatePost(post.getId(), p -> p.setBody("spotted and tall"));
        assertThat(storedSearchColumns(post.getId())).as("a change of body alone")
                .containsExactly(Post.searchedTitle("Giraffes"), Post.searchedBody("spotted and tall"));
        assertThat(hits("giraffe")).hasSize(1);
        assertThat(hits("spotted")).hasSize(1);

        repo.updatePost(post.getId(), p -> {
            p.setTitle("Okapis");
            p.setBody("forest");
        });
        assertThat(storedSearchColumns(post.getId())).as("both")
                .containsExactly(Post.searchedTitle("Okapis"), Post.searchedBody("forest"));
        // a change that the post's rules refuse writes no analysis either
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> repo.updatePost(post.getId(), p -> p.setTitle(" ")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(storedSearchColumns(post.getId())).containsExactly(Post.searchedTitle("Okapis"),
                Post.searchedBody("forest"));
        List<Post> bulk = repo.createPosts(List.of(new NewPost(alice.getId(), "Tapirs", "snouts", true),
                new NewPost(alice.getId(), "Tapir draft", "", false)));
        assertThat(storedSearchColumns(bulk.get(0).getId())).as("a bulk insert")
                .containsExactly(Post.searchedTitle("Tapirs"), Post.searchedBody("snouts"));
        assertThat(storedSearchColumns(bulk.get(1).getId())).containsExactly(Post.searchedTitle("Tapir draft"), "");
        assertThat(hits("okapi forest")).hasSize(1);
        assertThat(hits("giraffe")).isEmpty();
    }

    /** Post maps no search column; a title or body changed through the application's own session is analysed all the same. */
    @Test
    void aPostChangedThroughTheApplicationsOwnSessionIsAnalysedToo() {
        Post post = repo.createPost(alice.getId(), "Zebras", "striped", true);
        blog.inTransaction(session -> {
            session.find(Post.class, post.getId()).setTitle("Giraffes");
            return null;
        });
        assertThat(storedSearchColumns(post.getId())).as("a title changed by a flush")
                .containsExactly(Post.searchedTitle("Giraffes"), Post.searchedBody("striped"));
        blog.inTransaction(session -> {
            session.find(Post.class, post.getId()).setBody("spotted and tall");
            return null;
        });
        assertThat(storedSearchColumns(post.getId())).as("a body changed by a flush")
                .containsExactly(Post.searchedTitle("Giraffes"), Post.searchedBody("spotted and tall"));
        assertThat(hits("giraffe spotted")).hasSize(1);
        assertThat(hits("zebra")).isEmpty();
        assertThat(hits("striped")).isEmpty();
    }

    @Test
    void theMigrationIndexesThePostsThereAreAlreadyAndGoesDownAgain() throws Exception {
        blog.close();
        blog = null;
        java.nio.file.Files.createDirectories(dir.resolve("older"));
        try (TestTarget older = TestTarget.create(kind, dir.resolve("older"))) {
            dev.blogkit.migration.Migrations migrations = dev.blogkit.migration.Migrations.on(older.url());
            migrations.migrate("5");
            String at = older.timestamp(Instant.parse("2025-01-01T00:00:00Z"));
            older.execute("INSERT INTO users (username, email, created_at, updated_at) VALUES ('old', 'old@example.com', "
                            + at + ", " + at + ")",
                    "INSERT INTO posts (author_id, title, body, published, created_at, slug, published_at, updated_at) "
                            + "VALUES ((SELECT id FROM users), 'Written before search', 'An aardvark story', TRUE, "
                            + at + ", 'before-search', " + at + ", " + at + ")");

            migrations.migrate();
            try (Blog upgraded = Blog.open(older.url())) {
                assertThat(upgraded.repository().searchPosts("aardvark", 1, 10).items())
                        .extracting(h -> h.post().title()).containsExactly("Written before search");
            }
            migrations.undoTo("5");
            assertThat(older.tables()).doesNotContain("post_search");
            assertThat(older.columns("posts")).doesNotContain("search_vector");
            assertThat(older.count("SELECT count(*) FROM posts")).isEqualTo(1);
            migrations.migrate();
            try (Blog again = Blog.open(older.url())) {
                assertThat(again.repository().searchPosts("aardvark story", 1, 10).totalItems()).isEqualTo(1);
            }
        }
    }

    @Test
    void pagesOfHitsCarryTheirTotals() {
        for (int i = 0; i < 7; i++) {
            repo.createPost(alice.getId(), "Otter " + i, "otters", true);
        }
        sql.clear();
        Page<SearchHit> first = repo.searchPosts("otter", 1, 3);
        assertThat(sql.statements()).as("a full page: the page and the count").hasSize(2);
        assertThat(first.items()).hasSize(3);
        assertThat(first.totalItems()).isEqualTo(7);
        assertThat(first.totalPages()).isEqualTo(3);
        sql.clear();
        Page<SearchHit> last = repo.searchPosts("otter", 3, 3);
        assertThat(sql.statements()).as("the last page knows the total").hasSize(1);
        assertThat(last.items()).hasSize(1);
        List<Long> all = new java.util.ArrayList<>();
        for (int p = 1; p <= 3; p++) {
            repo.searchPosts("otter", p, 3).items().forEach(h -> all.add(h.post().id()));
        }
        assertThat(all).doesNotHaveDuplicates().hasSize(7);
        assertThat(repo.searchPosts("otter", 4, 3).items()).isEmpty();
    }

    @Test
    void aTenMebibyteBodyIsStoredExactlyAndFoundByAWordInItsFirstPartOnBothDatabases() {
        // distinct words, each ideograph one: the text that fills a PostgreSQL tsvector fastest, then 10 MiB of it
        StringBuilder body = new StringBuilder("Zeppelin opens the body. ");
        java.util.Random random = new java.util.Random(9);
        int words = 4;
        while (words < SearchText.MAX_BODY_TERMS - 100) {
            body.appendCodePoint(0x4E00 + random.nextInt(0x5000)).appendCodePoint(0x4E00 + random.nextInt(0x5000))
                    .append(' ');
            words += 2;
        }
        body.append(" aardvark within the searched words ");
        for (int i = 0; i < 200; i++) {
            body.append("x ");
        }
        body.append(" platypus past the searched words ");
        while (body.length() < Post.SEARCHED_BODY_LENGTH + 1000) {
            body.append("- ");
        }
        body.append(" numbat past the searched characters ");
        // more distinct words: the index of the whole body would pass PostgreSQL's 1 MiB (it did before V8)
        while (body.length() < 3 * Post.SEARCHED_BODY_LENGTH) {
            body.appendCodePoint(0x4E00 + random.nextInt(0x5000)).appendCodePoint(0x4E00 + random.nextInt(0x5000))
                    .append(' ');
        }
        body.append("lorem ipsum dolor ".repeat(10 * 1024 * 1024 / 18));
        String text = body.toString();

        long id = repo.createPost(alice.getId(), "A very long post", text, true).getId();

        assertThat(repo.findPost(id).orElseThrow().getBody()).isEqualTo(text);
        assertThat(hits("zeppelin")).containsExactly("long");
        assertThat(hits("aardvark")).containsExactly("long");
        assertThat(hits("platypus")).as("past the first %d words", SearchText.MAX_BODY_TERMS).isEmpty();
        assertThat(hits("numbat")).as("past the first %d characters", Post.SEARCHED_BODY_LENGTH).isEmpty();
        assertThat(hits("very long")).containsExactly("long");

        // an edit of such a body is indexed the same way
        String edited = "Quokka now. " + text.substring(20);
        assertThat(repo.updatePost(id, p -> p.setBody(edited))).isPresent();
        assertThat(hits("quokka")).containsExactly("long");
        assertThat(hits("zeppelin")).isEmpty();
        assertThat(hits("platypus")).isEmpty();
    }

    @Test
    void aBlankQueryIsRefusedByTheRuleOfEveryFieldAndAFarPageIsEmptyWithItsTotals() {
        for (String blank : List.of("", " ", "\u00A0", "\u2007", "\u202F", "\u0085", "\u200B", "\u200D", "\uFEFF",
                "\0", "\t\u00A0\u200B")) {
            assertThatThrownBy(() -> repo.searchPosts(blank, 1, 10)).as("'%s'", blank)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("query"));
        }
        for (int far : new int[] {1_000, 21_474_838, Integer.MAX_VALUE}) {
            Page<SearchHit> hits = repo.searchPosts("blog", far, 100);
            assertThat(hits.items()).isEmpty();
            assertThat(hits.totalItems()).isEqualTo(2);
            Page<PostView> posts = repo.publishedPostsPage(far, 100);
            assertThat(posts.items()).isEmpty();
            assertThat(posts.totalItems()).isEqualTo(ids.size());
        }
    }

    @Test
    void aTitleMatchRanksAboveAnyNumberOfBodyMatchesAndEqualMatchesNewestFirst() {
        post("title", "Kubernetes", "A post about clusters.");
        post("body12", "Clusters", "kubernetes ".repeat(12));
        post("body500", "More clusters", "kubernetes and ".repeat(500));
        post("title2", "Kubernetes", "A post about clusters.");

        List<String> order = repo.searchPosts("kubernetes", 1, 10).items().stream()
                .map(h -> nameOf(h.post().id())).toList();

        // the two title matches first, the newer one first; then the body matches
        assertThat(order).hasSize(4);
        assertThat(order.subList(0, 2)).containsExactly("title2", "title");
        assertThat(order.subList(2, 4)).containsExactlyInAnyOrder("body12", "body500");
    }
}
