package dev.blogkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blogkit.model.Post;
import dev.blogkit.model.User;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keyset pages of published posts, and the walk through all of them. */
class CursorPagesTest extends OnEachDatabase {

    List<Long> publishedNewestFirst = new ArrayList<>();

    @BeforeEach
    void seed() {
        // equal timestamps in runs of three: the order must still be total (created_at desc, id desc)
        User alice = repo.createUser("alice", "alice@example.com");
        List<NewPost> rows = new ArrayList<>();
        for (int i = 0; i < 95; i++) {
            rows.add(new NewPost(alice.getId(), "post " + i, "body", i % 3 != 0));
        }
        for (Post post : repo.createPosts(rows)) {
            if (post.isPublished()) {
                publishedNewestFirst.add(0, post.getId());
            }
        }
    }

    @Test
    void cursorPagesWalkEveryPublishedPostOnceNewestFirstAndAgreeWithOffsetPages() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CursorPage<Post> page = repo.publishedPosts(cursor, 7);
            page.items().forEach(p -> {
                assertThat(p.getAuthor().getUsername()).isEqualTo("alice");
                seen.add(p.getId());
            });
            assertThat(page.items()).extracting(Post::getId)
                    .containsExactlyElementsOf(repo.listPublishedPosts(pages + 1, 7).stream().map(Post::getId).toList());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(publishedNewestFirst);
        assertThat(pages).isEqualTo((publishedNewestFirst.size() + 6) / 7);
    }

    @Test
    void postViewCursorPagesWalkTheSameListingAndShareItsCursors() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            CursorPage<PostView> page = repo.publishedPostViews(cursor, 9);
            CursorPage<Post> posts = repo.publishedPosts(cursor, 9);
            assertThat(page.items()).extracting(PostView::id)
                    .containsExactlyElementsOf(posts.items().stream().map(Post::getId).toList());
            assertThat(page.items()).allSatisfy(view -> assertThat(view.authorUsername()).isEqualTo("alice"));
            page.items().forEach(view -> seen.add(view.id()));
            // the entity listing's cursor goes on in the view listing
            cursor = posts.nextCursor();
            assertThat(page.next().isPresent()).isEqualTo(cursor != null);
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(publishedNewestFirst);
    }

    @Test
    void aPageTakesOneStatementAndTheLastPageHasNoCursor() {
        sql.clear();
        CursorPage<Post> first = repo.publishedPosts(null, 100);

        assertThat(sql.statements()).hasSize(1);
        assertThat(first.items()).hasSize(publishedNewestFirst.size());
        assertThat(first.next()).isEmpty();
        String cursor = repo.publishedPosts(null, 10).nextCursor();
        sql.clear();
        assertThat(repo.publishedPosts(cursor, 10).items()).hasSize(10);
        assertThat(sql.statements()).hasSize(1);
    }

    @Test
    void aCursorIsUrlSafeText() {
        String cursor = repo.publishedPosts(null, 5).nextCursor();

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aTamperedCursorIsInvalidInput() {
        String cursor = repo.publishedPosts(null, 5).nextCursor();
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        bytes[5] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        // Base64 lets other strings decode to the same bytes: padding, and the unused low bits of the last character
        String padded = cursor + "==";
        char last = cursor.charAt(cursor.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        List<String> sameBytes = alphabet.chars().filter(c -> c != last)
                .mapToObj(c -> cursor.substring(0, cursor.length() - 1) + (char) c)
                .filter(variant -> {
                    try {
                        return java.util.Arrays.equals(Base64.getUrlDecoder().decode(variant), bytes0(cursor));
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                }).toList();
        assertThat(sameBytes).as("one-character changes that decode to the same bytes").isNotEmpty();
        List<String> bads = new java.util.ArrayList<>(List.of(tampered, "", "not a cursor!", cursor.substring(1),
                cursor + "A", padded));
        bads.addAll(sameBytes);
        for (String bad : bads) {
            assertThatThrownBy(() -> repo.publishedPosts(bad, 5))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
            assertThatThrownBy(() -> repo.publishedPostViews(bad, 5))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        }
    }

    private static byte[] bytes0(String cursor) {
        return Base64.getUrlDecoder().decode(cursor);
    }

    @Test
    void aCursorOfAnotherBlogIsInvalidInput() {
        String foreign;
        try (Blog other = Blog.open(TestDatabase.url(dir.resolve("other.db")))) {
            User bob = other.repository().createUser("bob", "bob@example.com");
            for (int i = 0; i < 3; i++) {
                other.repository().createPost(bob.getId(), "p" + i, "b", true);
            }
            foreign = other.repository().publishedPosts(null, 1).nextCursor();
        }

        assertThatThrownBy(() -> repo.publishedPosts(foreign, 5)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("another blog");
    }

    @Test
    void limitOutOfRangeIsInvalidInput() {
        assertThatThrownBy(() -> repo.publishedPosts(null, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.publishedPosts(null, BlogRepository.MAX_LIMIT + 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.publishedPostViews(null, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.publishedPostViews(null, BlogRepository.MAX_LIMIT + 1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void forEachPublishedPostHandsOverEveryPublishedPostNewestFirstWithItsAuthor() {
        List<Long> seen = new ArrayList<>();

        long count = repo.forEachPublishedPost(post -> {
            assertThat(post.getAuthor().getUsername()).isEqualTo("alice");
            seen.add(post.getId());
        });

        assertThat(count).isEqualTo(publishedNewestFirst.size());
        assertThat(seen).containsExactlyElementsOf(publishedNewestFirst);
    }

    @Test
    void forEachPublishedPostWalksPastItsBatchSizeInOrderEvenWithEqualTimestamps() {
        Blog frozen = Blog.open(BlogConfig.builder(TestDatabase.url(dir.resolve("frozen.db")))
                .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC)).build());
        try (frozen) {
            User bob = frozen.repository().createUser("bob", "bob@example.com");
            List<NewPost> rows = new ArrayList<>();
            for (int i = 0; i < 1234; i++) {
                rows.add(new NewPost(bob.getId(), "p" + i, "b", true));
            }
            List<Long> ids = new ArrayList<>(frozen.repository().createPosts(rows).stream().map(Post::getId).toList());
            java.util.Collections.reverse(ids);
            List<Long> seen = new ArrayList<>();

            assertThat(frozen.repository().forEachPublishedPost(p -> seen.add(p.getId()))).isEqualTo(1234);
            assertThat(seen).containsExactlyElementsOf(ids);
        }
    }
}
