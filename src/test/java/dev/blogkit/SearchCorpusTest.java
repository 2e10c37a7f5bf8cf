package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.internal.text.SearchText;
import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One corpus of posts in many scripts (Latin with precomposed and combining accents, Greek with final sigma,
 * Cyrillic, Han, Kana, Hangul, Georgian capitals and small letters, Devanagari, Arabic, Hebrew, full-width forms,
 * digits, words of one and two letters, markup), and 1,500 seeded queries of every kind (words in other cases and
 * forms, phrases, prefixes, exclusions): each query finds the same posts on SQLite and on PostgreSQL, and the posts
 * that BlogKit's analysis (SearchText) says it finds, evaluated here independently of either engine.
 */
class SearchCorpusTest {

    private static final long SEED = 30;
    private static final int POSTS = 240;
    private static final int QUERIES = 1_500;

    /** Words of every script; each is also written in other forms by {@link #variant}. */
    private static final List<String> WORDS = List.of(
            // Latin, stemming and its exceptions
            "running", "runs", "runner", "connection", "connected", "connects", "blog", "blogs", "blogging",
            "migration", "migrations", "database", "is", "as", "us", "a", "I", "ok", "was", "the", "of",
            // Latin with accents, and letters that fold to two
            "café", "Pâtisserie", "naïve", "résumé", "Ångström", "Straße", "STRASSE", "façade", "brûlée",
            "jalapeño", "Zürich", "Łódź", "Dvořák", "ǅemal", "ﬁnance", "Œuvre",
            // digits
            "mp3", "mp3s", "1980", "1980s", "3.14", "v2", "2024-01-01", "①", "٣٤", "x86_64",
            // Greek, final sigma
            "Σοφία", "σοφίας", "ΟΔΟΣ", "οδός", "λόγος", "ΛΌΓΟΣ", "Ελλάς",
            // Cyrillic
            "Москва", "москве", "ёлка", "елка", "Йогурт", "Привет", "Київ",
            // Han, Kana, Hangul
            "東京", "東京タワー", "日本語", "ひらがな", "カタカナ", "北京大学", "한국어", "서울",
            // Georgian: Mtavruli capitals and Mkhedruli
            "ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ", "საქართველო", "თბილისი",
            // other scripts with marks
            "नमस्ते", "हिन्दी", "مرحبا", "العربية", "שלום", "ภาษาไทย",
            // full-width and markup
            "ＡＢＣ", "ｃａｆｅ", "<b>bold</b>", "alert(1)", "&amp;", "\"quoted\"", "don't", "e-mail");

    private static final String[] SEPARATORS = {" ", " ", " ", ", ", ". ", " — ", "\u00A0", "\n", " / ", "; "};

    @TempDir
    Path dir;

    private record Doc(String title, String body) {
    }

    private enum Kind { WORD, PHRASE, PREFIX, EXCLUDED }

    private record Term(Kind kind, String text) {

        String typed() {
            return switch (kind) {
                case WORD -> text;
                case PHRASE -> "\"" + text + "\"";
                case PREFIX -> text + "*";
                case EXCLUDED -> "-" + text;
            };
        }
    }

    @Test
    void everyQueryFindsTheSamePostsOnBothDatabasesAndThoseTheAnalysisSays() throws Exception {
        Random random = new Random(SEED);
        List<Doc> corpus = corpus(random);
        List<List<Term>> queries = new ArrayList<>();
        while (queries.size() < QUERIES) {
            queries.add(query(random, corpus));
        }

        Map<String, List<Set<Integer>>> found = new LinkedHashMap<>();
        for (TestTarget.Kind kind : TestTarget.Kind.values()) {
            if (kind == TestTarget.Kind.POSTGRESQL && System.getenv(TestTarget.POSTGRES_URL_VARIABLE) == null) {
                continue;
            }
            Path where = Files.createDirectories(dir.resolve(kind.name()));
            try (TestTarget target = TestTarget.create(kind, where); Blog blog = Blog.open(target.url())) {
                found.put(kind.name(), hits(blog.repository(), corpus, queries));
            }
        }
        List<Set<Integer>> expected = new ArrayList<>();
        for (List<Term> query : queries) {
            expected.add(expectedHits(corpus, query));
        }

        List<String> differences = new ArrayList<>();
        int withHits = 0;
        for (int q = 0; q < queries.size(); q++) {
            withHits += expected.get(q).isEmpty() ? 0 : 1;
            for (Map.Entry<String, List<Set<Integer>>> database : found.entrySet()) {
                if (!database.getValue().get(q).equals(expected.get(q))) {
                    differences.add(database.getKey() + " " + typed(queries.get(q)) + ": " + database.getValue().get(q)
                            + ", the analysis says " + expected.get(q));
                }
            }
        }
        System.out.println("search corpus: " + corpus.size() + " posts, " + queries.size() + " queries ("
                + withHits + " with hits) on " + found.keySet() + ": " + differences.size() + " differences");
        assertThat(differences).as("queries whose hits differ").isEmpty();
        assertThat(withHits).as("queries that find something").isGreaterThan(QUERIES * 2 / 3);
        assertThat(expected.stream().filter(h -> h.size() > 1).count()).as("queries that find several posts")
                .isGreaterThan(QUERIES / 4);
    }

    /** The posts each query finds, by their index in the corpus, every page read. */
    private static List<Set<Integer>> hits(BlogRepository repo, List<Doc> corpus, List<List<Term>> queries) {
        User author = repo.createUser("corpus", "corpus@example.com");
        Map<Long, Integer> indexOf = new LinkedHashMap<>();
        // every write path: one call per post, the bulk call, and an edit of a post written with another text
        List<NewPost> bulk = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            Doc doc = corpus.get(i);
            if (i % 3 == 0) {
                indexOf.put(repo.createPost(author.getId(), doc.title(), doc.body(), true).getId(), i);
            } else if (i % 3 == 1) {
                bulk.add(new NewPost(author.getId(), doc.title(), doc.body(), true));
            } else {
                long id = repo.createPost(author.getId(), "draft " + i, "nothing yet", true).getId();
                repo.editPost(id, new PostEdit(doc.title(), doc.body(), null));
                indexOf.put(id, i);
            }
        }
        List<Post> created = repo.createPosts(bulk);
        for (int b = 0; b < created.size(); b++) {
            indexOf.put(created.get(b).getId(), 3 * b + 1);
        }
        List<Set<Integer>> hits = new ArrayList<>();
        for (List<Term> query : queries) {
            Set<Integer> found = new TreeSet<>();
            String typed = typed(query);
            Page<SearchHit> page = repo.searchPosts(typed, 1, BlogRepository.MAX_PER_PAGE);
            for (int p = 2; ; p++) {
                page.items().forEach(h -> found.add(indexOf.get(h.post().id())));
                if (!page.hasNext()) {
                    break;
                }
                page = repo.searchPosts(typed, p, BlogRepository.MAX_PER_PAGE);
            }
            assertThat((long) found.size()).as(typed).isEqualTo(page.totalItems());
            hits.add(found);
        }
        return hits;
    }

    private static String typed(List<Term> query) {
        return String.join(" ", query.stream().map(Term::typed).toList());
    }

    private static List<Doc> corpus(Random random) {
        List<Doc> corpus = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            corpus.add(new Doc(text(random, 1 + random.nextInt(5)), text(random, 5 + random.nextInt(30))));
        }
        return corpus;
    }

    private static String text(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
            text.append(variant(random, WORDS.get(random.nextInt(WORDS.size()))));
        }
        return text.toString();
    }

    /** The word as written, in upper or lower case, decomposed (accents as combining marks), or as it is. */
    private static String variant(Random random, String word) {
        return switch (random.nextInt(6)) {
            case 0 -> word.toUpperCase(Locale.ROOT);
            case 1 -> word.toLowerCase(Locale.ROOT);
            case 2 -> Normalizer.normalize(word, Normalizer.Form.NFD);
            case 3 -> Normalizer.normalize(word, Normalizer.Form.NFKC);
            default -> word;
        };
    }

    private static List<Term> query(Random random, List<Doc> corpus) {
        List<Term> terms = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int t = 0; t < count; t++) {
            Kind kind = t == 0 ? Kind.values()[random.nextInt(3)] : Kind.values()[random.nextInt(4)];
            // the query language's own characters stay in the corpus: a term's text holds none
            String word = withoutSyntax(variant(random, WORDS.get(random.nextInt(WORDS.size()))));
            terms.add(switch (kind) {
                case WORD, EXCLUDED -> new Term(kind, word);
                case PREFIX -> new Term(kind, word.isEmpty() ? word : word.substring(0, word.offsetByCodePoints(0,
                        1 + random.nextInt(Math.min(4, word.codePointCount(0, word.length()))))));
                case PHRASE -> new Term(kind, phrase(random, corpus));
            });
        }
        return terms;
    }

    /** Two or three words in a row of a post's body, in another case or form. */
    private static String phrase(Random random, List<Doc> corpus) {
        String body = corpus.get(random.nextInt(corpus.size())).body();
        String[] words = body.split("[ ,.;/—\u00A0\n]+");
        int length = Math.min(words.length, 2 + random.nextInt(2));
        int from = random.nextInt(words.length - length + 1);
        return withoutSyntax(variant(random, String.join(" ", Arrays.asList(words).subList(from, from + length))));
    }

    private static String withoutSyntax(String text) {
        return text.replace("\"", "").replace("*", "");
    }

    /** The posts the query finds by the rules of SearchText and the query language, evaluated in Java. */
    private static Set<Integer> expectedHits(List<Doc> corpus, List<Term> query) {
        List<List<String>> included = new ArrayList<>();
        List<Boolean> includedPrefix = new ArrayList<>();
        List<List<String>> excluded = new ArrayList<>();
        List<Boolean> excludedPrefix = new ArrayList<>();
        for (Term term : query) {
            List<String> tokens = SearchText.terms(term.text(), false);
            if (tokens.isEmpty()) {
                continue;
            }
            boolean prefix = term.kind() == Kind.PREFIX;
            List<String> analysed = new ArrayList<>();
            for (int t = 0; t < tokens.size(); t++) {
                analysed.add(prefix && t == tokens.size() - 1 ? tokens.get(t) : SearchText.stem(tokens.get(t)));
            }
            (term.kind() == Kind.EXCLUDED ? excluded : included).add(analysed);
            (term.kind() == Kind.EXCLUDED ? excludedPrefix : includedPrefix).add(prefix);
        }
        Set<Integer> hits = new TreeSet<>();
        if (included.isEmpty()) {
            return hits;
        }
        for (int i = 0; i < corpus.size(); i++) {
            List<String> title = terms(Post.searchedTitle(corpus.get(i).title()));
            List<String> body = terms(Post.searchedBody(corpus.get(i).body()));
            boolean all = true;
            for (int t = 0; t < included.size() && all; t++) {
                all = contains(title, included.get(t), includedPrefix.get(t))
                        || contains(body, included.get(t), includedPrefix.get(t));
            }
            for (int t = 0; t < excluded.size() && all; t++) {
                all = !contains(title, excluded.get(t), excludedPrefix.get(t))
                        && !contains(body, excluded.get(t), excludedPrefix.get(t));
            }
            if (all) {
                hits.add(i);
            }
        }
        return hits;
    }

    private static List<String> terms(String indexed) {
        return indexed.isEmpty() ? List.of() : List.of(indexed.split(" "));
    }

    /** Whether the field holds the tokens in a row, the last one as a prefix if {@code prefix}. */
    private static boolean contains(List<String> field, List<String> tokens, boolean prefix) {
        for (int at = 0; at + tokens.size() <= field.size(); at++) {
            boolean match = true;
            for (int t = 0; t < tokens.size() && match; t++) {
                String term = field.get(at + t);
                match = prefix && t == tokens.size() - 1 ? term.startsWith(tokens.get(t)) : term.equals(tokens.get(t));
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
