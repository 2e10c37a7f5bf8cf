package dev.blogkit.internal.metrics;

import com.zaxxer.hikari.HikariConfig;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Times BlogKit's calls, counts their SQL statements and watches the pool, or does nothing ({@link #NONE}, without a
 * meter registry). Has no Micrometer type in it: a Blog holds one whether or not Micrometer is on the class path.
 * {@link Metrics#of} gives a blog its own.
 */
public interface CallMetrics {

    /** Without a meter registry: calls run as they are, and nothing is counted. */
    CallMetrics NONE = new CallMetrics() {
        @Override
        public <T> T time(String operation, Supplier<T> call) {
            return call.get();
        }

        @Override
        public <R> R instrument(Class<R> type, R target) {
            return target;
        }

        @Override
        public Consumer<String> statementObserver() {
            return null;
        }

        @Override
        public void watchPool(HikariConfig pool) {
            // nothing to watch with
        }
    };

    /** Runs the call, timed and with its statements counted under {@code operation}. */
    <T> T time(String operation, Supplier<T> call);

    /** The target with every method of {@code type} timed under the method's name ({@link #NONE}: the target). */
    <R> R instrument(Class<R> type, R target);

    /** Sees each SQL statement Hibernate prepares, on the thread that prepares it; null when nothing counts. */
    Consumer<String> statementObserver();

    /** Has BlogKit's own pool publish its gauges and timers. */
    void watchPool(HikariConfig pool);
}
