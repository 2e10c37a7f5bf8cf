package dev.blogkit;

import java.util.List;

/**
 * One numbered page of a listing with the listing's totals, read in one transaction with the items, so that
 * "page 3 of 12" never disagrees with the page shown ({@link BlogRepository#publishedPostsPage},
 * {@link BlogRepository#searchPosts}).
 *
 * @param items the page, in the listing's order
 * @param page the page number, counting from 1
 * @param perPage the page size asked for
 * @param totalItems how many items the whole listing holds
 * @param totalPages how many pages of {@code perPage} that is: 0 for an empty listing
 */
public record Page<T>(List<T> items, int page, int perPage, long totalItems, int totalPages) {

    public Page {
        items = List.copyOf(items);
    }

    /** The page of {@code items} in a listing of {@code totalItems}: its page count computed. */
    public static <T> Page<T> of(List<T> items, int page, int perPage, long totalItems) {
        return new Page<>(items, page, perPage, totalItems, (int) ((totalItems + perPage - 1) / perPage));
    }

    /** Whether a page comes after this one. */
    public boolean hasNext() {
        return page < totalPages;
    }

    /** Whether a page comes before this one. */
    public boolean hasPrevious() {
        return page > 1;
    }
}
