package dev.blogkit.migration;

import java.util.List;

/**
 * What {@link Migrations#check()} found: each difference between the entities and the database, one line each,
 * for example {@code + column users.bio TEXT} (the entities have it, the database does not) or
 * {@code - index ix_posts_old on posts (title)} (the database has it, the entities do not); pending versions
 * count as differences too. Alembic's {@code check}.
 */
public record SchemaCheck(List<String> differences) {

    public SchemaCheck {
        differences = List.copyOf(differences);
    }

    /** Whether the entities and the database match: nothing to generate, nothing pending. */
    public boolean matches() {
        return differences.isEmpty();
    }
}
