package dev.blogkit.internal.repository;

import dev.blogkit.internal.text.SearchText;
import dev.blogkit.internal.text.Snippets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reader typed into a search box, as terms: words (all must match), "quoted phrases", prefix* and
 * -excluded terms. Any text is a query: its words are analysed as the index analyses posts ({@link SearchText}: a
 * word such as {@code e-mail} or {@code don't} is the phrase of its parts), an unclosed quote runs to the end, and
 * what the engines would read as syntax never reaches them: each term is rendered as quoted analysed tokens, which
 * hold letters, digits and marks only, in FTS5's query language ({@link #fts5()}) or as a PostgreSQL tsquery
 * literal ({@link #tsquery()}), which PostgreSQL reads as it is, with no parser or dictionary of its own.
 */
final class SearchQuery {

    /** Terms beyond these are ignored: no reader types more, and each costs the engine a lookup. */
    static final int MAX_TERMS = dev.blogkit.BlogRepository.MAX_SEARCH_TERMS;
    /** Tokens of a phrase beyond these are ignored. */
    static final int MAX_PHRASE_TOKENS = 32;

    /** One term: its tokens (one for a word, several for a phrase), whether its last one is a prefix, excluded. */
    record Term(List<String> tokens, boolean prefix, boolean excluded) {
    }

    private final List<Term> terms;

    private SearchQuery(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    List<Term> terms() {
        return terms;
    }

    /** Whether the query can match anything: it needs a term that is not excluded. */
    boolean findsSomething() {
        return terms.stream().anyMatch(t -> !t.excluded());
    }

    static SearchQuery parse(String text) {
        String s = text;
        List<Term> terms = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n && terms.size() < MAX_TERMS) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean excluded = false;
            if (c == '-' && i + 1 < n && !Character.isWhitespace(s.charAt(i + 1))) {
                excluded = true;
                i++;
                c = s.charAt(i);
            }
            int end;
            String body;
            boolean prefix = false;
            if (c == '"') {
                int close = s.indexOf('"', i + 1);
                end = close < 0 ? n : close + 1;
                body = s.substring(i + 1, close < 0 ? n : close);
            } else {
                end = i;
                while (end < n && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '"') {
                    end++;
                }
                body = s.substring(i, end);
                prefix = body.endsWith("*");
            }
            i = end;
            List<String> tokens = tokens(body, prefix);
            if (!tokens.isEmpty()) {
                terms.add(new Term(tokens, prefix, excluded));
            }
        }
        return new SearchQuery(terms);
    }

    /**
     * The term's analysed tokens, as the index holds the text's words ({@link SearchText}): stemmed, but for the
     * last of a prefix term, which is matched as typed (folded).
     */
    private static List<String> tokens(String text, boolean prefix) {
        List<String> tokens = SearchText.terms(text, false);
        if (tokens.size() > MAX_PHRASE_TOKENS) {
            tokens = tokens.subList(0, MAX_PHRASE_TOKENS);
            prefix = false;
        }
        List<String> stemmed = new ArrayList<>(tokens.size());
        for (int t = 0; t < tokens.size(); t++) {
            boolean last = t == tokens.size() - 1;
            stemmed.add(prefix && last ? tokens.get(t) : SearchText.stem(tokens.get(t)));
        }
        return stemmed;
    }

    /** What a snippet marks: every token of every term that is not excluded. */
    Snippets.Matcher matcher() {
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (Term term : terms) {
            if (term.excluded()) {
                continue;
            }
            List<String> tokens = term.tokens();
            for (int t = 0; t < tokens.size(); t++) {
                if (term.prefix() && t == tokens.size() - 1) {
                    prefixes.add(tokens.get(t));
                } else {
                    exact.add(tokens.get(t));
                }
            }
        }
        return new Snippets.Matcher(exact, prefixes);
    }

    /** The query in FTS5's language: each term a quoted string, every included term required, then the exclusions. */
    String fts5() {
        StringBuilder query = new StringBuilder("(");
        String and = "";
        for (Term term : terms) {
            if (!term.excluded()) {
                query.append(and).append(fts5(term));
                and = " AND ";
            }
        }
        query.append(')');
        for (Term term : terms) {
            if (term.excluded()) {
                query.append(" NOT ").append(fts5(term));
            }
        }
        return query.toString();
    }

    private static String fts5(Term term) {
        // tokens hold letters, digits and marks only: no quote to escape
        return "\"" + String.join(" ", term.tokens()) + "\"" + (term.prefix() ? " *" : "");
    }

    /** The query as a tsquery text: terms joined by {@code &}, phrases by {@code <->}, exclusions negated. */
    String tsquery() {
        StringBuilder query = new StringBuilder();
        for (Term term : terms) {
            if (!query.isEmpty()) {
                query.append(" & ");
            }
            if (term.excluded()) {
                query.append('!');
            }
            query.append('(');
            List<String> tokens = term.tokens();
            for (int t = 0; t < tokens.size(); t++) {
                // tokens hold letters, digits and marks only: no quote or backslash to escape
                query.append(t > 0 ? " <-> " : "").append('\'').append(tokens.get(t)).append('\'');
                if (term.prefix() && t == tokens.size() - 1) {
                    query.append(":*");
                }
            }
            query.append(')');
        }
        return query.toString();
    }
}
