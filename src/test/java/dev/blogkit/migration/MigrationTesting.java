package dev.blogkit.migration;

import dev.blogkit.BlogConfig;
import dev.blogkit.TestTarget;
import dev.blogkit.internal.versions.MigrationSet;
import java.util.List;

/** Migration sets for tests: BlogKit's shipped versions plus test-only ones, for the database of a URL. */
final class MigrationTesting {

    private MigrationTesting() {
    }

    /** BlogKit's migrations plus the test-only ones of this database's kind under {@code db/test/<name>/}. */
    static Migrations withTestVersions(TestTarget target, String name) {
        return withTestVersions(target.url(), name);
    }

    /**
     * BlogKit's migrations plus the test-only ones under {@code db/test/<name>/migration/<vendor>} (and their undo
     * scripts under {@code db/test/<name>/undo/<vendor>}), vendor as the shipped ones: sqlite or postgresql.
     */
    static Migrations withTestVersions(String url, String name) {
        BlogConfig config = BlogConfig.builder(url).build();
        MigrationSet blogkit = MigrationSet.blogkit(config.kind());
        String vendor = config.kind().folder();
        MigrationSet set = new MigrationSet(blogkit.historyTable(),
                List.of(blogkit.migrationLocations().get(0), "classpath:db/test/" + name + "/migration/" + vendor),
                List.of(blogkit.undoLocations().get(0), "db/test/" + name + "/undo/" + vendor));
        return Migrations.on(config, set);
    }
}
