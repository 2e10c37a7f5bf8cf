package dev.blogkit;

/**
 * One row of {@link BlogRepository#tagCounts()}: a tag and how many published posts carry it.
 *
 * @param name the tag's name
 * @param slug the tag's slug, for {@link BlogRepository#publishedPostsByTag}
 * @param postCount how many published posts carry the tag (scheduled posts and drafts are not counted)
 */
public record TagCount(String name, String slug, long postCount) {
}
