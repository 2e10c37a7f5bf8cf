package dev.blogkit.internal.repository;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reader typed into a search box, as terms: words (all must match), "quoted phrases", prefix* and
 * -excluded terms. Any text is a query: characters that are neither letters nor digits separate words (a word such
 * as {@code e-mail} or {@code don't} is the phrase of its parts), an unclosed quote runs to the end, and what the
 * engines would read as syntax never reaches them: each term is rendered as quoted tokens of letters and digits only,
 * in FTS5's query language ({@link #fts5()}) or PostgreSQL's tsquery ({@link #tsquery()}).
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
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
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
            List<String> tokens = tokens(body);
            if (!tokens.isEmpty()) {
                terms.add(new Term(tokens, prefix, excluded));
            }
        }
        return new SearchQuery(terms);
    }

    /** The runs of letters, digits and combining marks in the text. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); ) {
            int codePoint = i < text.length() ? text.codePointAt(i) : ' ';
            boolean inToken = i < text.length() && isTokenCharacter(codePoint);
            if (inToken && start < 0) {
                start = i;
            } else if (!inToken && start >= 0) {
                if (tokens.size() < MAX_PHRASE_TOKENS) {
                    tokens.add(text.substring(start, i));
                }
                start = -1;
            }
            i += i < text.length() ? Character.charCount(codePoint) : 1;
        }
        return tokens;
    }

    private static boolean isTokenCharacter(int codePoint) {
        if (Character.isLetterOrDigit(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
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
