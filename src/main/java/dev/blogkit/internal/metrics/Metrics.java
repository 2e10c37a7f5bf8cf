package dev.blogkit.internal.metrics;

/** Chooses a blog's {@link CallMetrics}: Micrometer's when a registry is configured, else none. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * {@link CallMetrics#NONE} without a registry, else BlogKit's meters in it.
     *
     * @param meterRegistry a Micrometer {@code MeterRegistry}, or null; typed Object so that the caller, and every
     *     class that holds the result, needs no Micrometer on the class path
     */
    public static CallMetrics of(Object meterRegistry) {
        return meterRegistry == null ? CallMetrics.NONE : new MicrometerCallMetrics(meterRegistry);
    }
}
