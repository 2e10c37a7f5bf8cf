package dev.blogkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityFieldsTest {

    /**
     * Hibernate's reflection optimizer gives up on an entity with a single private mapped field, and every loaded
     * entity then pays java.lang.reflect for each property (see the comment in Post).
     */
    @Test
    void mappedFieldsAreNotPrivateSoThatHibernatesReflectionOptimizerApplies() {
        for (Class<?> entity : List.of(Post.class, User.class)) {
            List<Field> mapped = Arrays.stream(entity.getDeclaredFields())
                    .filter(f -> f.isAnnotationPresent(Id.class) || f.isAnnotationPresent(Column.class)
                            || f.isAnnotationPresent(JoinColumn.class) || f.isAnnotationPresent(OneToMany.class))
                    .toList();
            assertThat(mapped).as(entity.getSimpleName() + "'s mapped fields").hasSizeGreaterThanOrEqualTo(6);
            assertThat(mapped).as(entity.getSimpleName() + "'s private mapped fields")
                    .filteredOn(f -> Modifier.isPrivate(f.getModifiers()))
                    .isEmpty();
        }
    }
}
