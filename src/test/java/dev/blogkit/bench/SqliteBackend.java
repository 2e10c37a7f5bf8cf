package dev.blogkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Each run on new SQLite files, blogkit.db and jdbc.db, in a new folder under {@code tmp}, deleted afterwards. */
final class SqliteBackend implements Backend {

    private final Path tmp;

    SqliteBackend(Path tmp) {
        this.tmp = tmp;
    }

    @Override
    public Sides fresh(String label) throws Exception {
        Path dir = Files.createTempDirectory(tmp, label + "-");
        return new Sides(new BlogKitWorkload("jdbc:sqlite:" + dir.resolve("blogkit.db")),
                JdbcWorkload.sqlite(dir.resolve("jdbc.db")), "new files in " + dir,
                () -> Benchmark.deleteRecursively(dir));
    }
}
