package dev.blogkit.migration;

import java.util.List;

/**
 * What {@link Migrations#check()} found: each difference between the entities and the database, one line each,
 * for example {@code + column users.bio TEXT} (the entities have it, the database does not) or
 * {@code - index ix_posts_old on posts (title)} (the database has it, the entities do not); pending versions
 * count as differences too. Alembic's {@code check}.
 */
public record SchemaCheck(List<String> differences, List<String> ignored) {

    /**
     * @param ignored the tables that were not compared, each with the reason ("ignored: table comments belongs to
     *     migration set comments_schema_history"): no set that was given owns them
     */
    public SchemaCheck {
        differences = List.copyOf(differences);
        ignored = List.copyOf(ignored);
    }

    public SchemaCheck(List<String> differences) {
        this(differences, List.of());
    }

    /** Whether the entities and the database match: nothing to generate, nothing pending. */
    public boolean matches() {
        return differences.isEmpty();
    }
}
