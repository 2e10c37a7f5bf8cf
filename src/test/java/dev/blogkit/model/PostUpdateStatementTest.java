package dev.blogkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blogkit.Blog;
import dev.blogkit.internal.text.SearchText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostUpdateStatementTest {

    private static final Set<String> KEPT_WHEN_NULL = Set.of("search_title", "search_body");

    /**
     * Post's UPDATE is written by hand (Post.UPDATE_SQL) and Hibernate binds its parameters by position: the list
     * of columns must be the one Hibernate would write itself, in its order, or a value would land in another
     * column. This derives that list from the mapping, so that an attribute added, renamed or made read-only fails
     * here rather than in a user's database.
     */
    @Test
    void theHandWrittenUpdateNamesEveryUpdatableColumnInTheOrderHibernateBindsThem(@TempDir Path dir) {
        try (Blog blog = Blog.open("jdbc:sqlite:" + dir.resolve("blog.db"))) {
            String expected = blog.inReadTransaction(session -> {
                AbstractEntityPersister persister = (AbstractEntityPersister) session.getSessionFactory()
                        .unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                        .getEntityDescriptor(Post.class);
                List<String> assignments = new ArrayList<>();
                boolean[] updatable = persister.getPropertyUpdateability();
                for (int i = 0; i < persister.getPropertyNames().length; i++) {
                    if (!updatable[i]) {
                        continue;
                    }
                    for (String column : persister.getPropertyColumnNames(i)) {
                        assignments.add(KEPT_WHEN_NULL.contains(column)
                                ? column + " = coalesce(nullif(?, " + Post.NOT_LOADED_SQL + "), " + column + ")" : column + " = ?");
                    }
                }
                return "update posts set " + String.join(", ", assignments) + " where "
                        + persister.getIdentifierColumnNames()[0] + " = ? and "
                        + persister.getVersionColumnName() + " = ?";
            });
            assertThat(Post.UPDATE_SQL.replaceAll("\\s+", " ")).isEqualTo(expected);
            assertThat(SearchText.indexedTitle(Post.NOT_LOADED)).as("the mark of a column not loaded is no analysis")
                    .isEmpty();
            assertThat(expected).contains("search_title = coalesce(nullif(?, '~'), search_title)", "title = ?", "version = ?");
        }
    }
}
