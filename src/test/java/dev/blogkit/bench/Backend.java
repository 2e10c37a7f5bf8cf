package dev.blogkit.bench;

/**
 * Where a run's databases live: new SQLite files ({@link SqliteBackend}) or new schemas on a PostgreSQL server
 * ({@link PostgresqlBackend}). Each run, the warm-up included, gets fresh, empty ones, one for each side.
 */
interface Backend {

    /**
     * Fresh, empty databases for both sides, and the sides on them (not connected yet: the schema phase connects).
     *
     * @param label what they are for ("warm-up", "run-1", ...), part of their names
     */
    Sides fresh(String label) throws Exception;

    /** Removes a side's database: deletes the files or drops the schema. */
    @FunctionalInterface
    interface Removal {
        void remove() throws Exception;
    }

    /**
     * The two sides of one run, on databases of their own, and where those are ({@code where}, for the status
     * line). Closing closes both sides, then removes their databases, even when something fails on the way.
     */
    record Sides(Workload blogkit, Workload jdbc, String where, Removal removal) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            Exception failure = null;
            for (AutoCloseable step : new AutoCloseable[] {blogkit, jdbc, removal::remove}) {
                try {
                    step.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
