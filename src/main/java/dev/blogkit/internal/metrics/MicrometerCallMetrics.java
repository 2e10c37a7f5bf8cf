package dev.blogkit.internal.metrics;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.blogkit.BlogException;
import dev.blogkit.ConflictException;
import dev.blogkit.DuplicateException;
import dev.blogkit.InvalidInputException;
import dev.blogkit.NotFoundException;
import dev.blogkit.NotLoadedException;
import dev.blogkit.OutcomeUnknownException;
import dev.blogkit.SchemaChangedException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * BlogKit's meters in an application's Micrometer registry: {@value #CALLS} (a timer per operation and outcome),
 * {@value #STATEMENTS} (a distribution of the SQL statements each call prepared) and the pool's HikariCP meters.
 */
final class MicrometerCallMetrics implements CallMetrics {

    static final String CALLS = "blogkit.repository.calls";
    static final String STATEMENTS = "blogkit.repository.statements";

    private final MeterRegistry registry;
    /** The statements prepared on each thread so far; a call's count is the difference across it. */
    private final ThreadLocal<long[]> prepared = ThreadLocal.withInitial(() -> new long[1]);
    private final Map<String, Timer> successes = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> statements = new ConcurrentHashMap<>();

    MicrometerCallMetrics(Object meterRegistry) {
        this.registry = (MeterRegistry) meterRegistry;
    }

    @Override
    public <T> T time(String operation, Supplier<T> call) {
        long[] count = prepared.get();
        long statementsBefore = count[0];
        long start = System.nanoTime();
        try {
            T result = call.get();
            record(operation, null, start, count[0] - statementsBefore);
            return result;
        } catch (RuntimeException | Error e) {
            record(operation, e, start, count[0] - statementsBefore);
            throw e;
        }
    }

    private void record(String operation, Throwable failure, long start, long statementCount) {
        long nanos = System.nanoTime() - start;
        Timer timer = failure == null
                ? successes.computeIfAbsent(operation, name -> timer(name, "success", "none"))
                : timer(operation, outcome(failure), failure.getClass().getSimpleName());
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        statements.computeIfAbsent(operation, name -> DistributionSummary.builder(STATEMENTS)
                        .description("SQL statements a BlogKit call prepared (a JDBC batch counts once)")
                        .baseUnit("statements")
                        .tag("operation", name)
                        .register(registry))
                .record(statementCount);
    }

    private Timer timer(String operation, String outcome, String exception) {
        return Timer.builder(CALLS)
                .description("BlogKit's repository calls and transactions, by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .tag("exception", exception)
                .register(registry);
    }

    /** What became of a call that threw, by BlogKit's documented exception types. */
    static String outcome(Throwable failure) {
        if (failure instanceof InvalidInputException) {
            return "invalid_input";
        } else if (failure instanceof NotFoundException) {
            return "not_found";
        } else if (failure instanceof DuplicateException) {
            return "duplicate";
        } else if (failure instanceof ConflictException) {
            return "conflict";
        } else if (failure instanceof OutcomeUnknownException) {
            return "outcome_unknown";
        } else if (failure instanceof SchemaChangedException) {
            return "schema_changed";
        } else if (failure instanceof NotLoadedException) {
            return "not_loaded";
        } else if (failure instanceof BlogException) {
            return "database_error";
        }
        return "error";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R instrument(Class<R> type, R target) {
        return (R) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> invoke(target, method, args));
    }

    private Object invoke(Object target, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(target, args);
        }
        return time(method.getName(), () -> {
            try {
                return method.invoke(target, args);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                // the repository's methods declare no checked exception: what they throw is unchecked
                Throwable thrown = e.getCause();
                if (thrown instanceof RuntimeException unchecked) {
                    throw unchecked;
                }
                if (thrown instanceof Error error) {
                    throw error;
                }
                throw new UndeclaredThrowableException(thrown);
            }
        });
    }

    @Override
    public Consumer<String> statementObserver() {
        return sql -> prepared.get()[0]++;
    }

    @Override
    public void watchPool(HikariConfig pool) {
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
}
