package dev.blogkit.migration;

import java.util.List;

/**
 * The result of {@link Migrations#validate()}: every problem found, in words a person can act on.
 *
 * @param problems empty when the database is at the newest version, its applied scripts are the ones shipped,
 *     every version can be undone, and the entities match the schema
 */
public record ValidationReport(List<String> problems) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
