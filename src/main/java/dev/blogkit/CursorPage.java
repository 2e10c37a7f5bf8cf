package dev.blogkit;

import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated listing, such as {@link BlogRepository#publishedPosts(String, int)}.
 *
 * @param items the page, in the listing's order
 * @param nextCursor the opaque cursor of the next page (URL-safe text), or null after the last page
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    public CursorPage {
        items = List.copyOf(items);
    }

    /** The cursor of the next page; empty after the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
