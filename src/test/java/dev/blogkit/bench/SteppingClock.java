package dev.blogkit.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock BlogKit stamps created_at with in the benchmark: each {@link #instant()} returns the time it was set
 * to, then steps one second. BlogKit calls it once per created row, in order, so setting it to post i's time
 * before creating posts i, i+1, ... gives each the workload's created_at.
 */
final class SteppingClock extends Clock {

    private static final long STEP_MILLIS = Duration.ofSeconds(1).toMillis();

    private final AtomicLong nextMillis;

    SteppingClock(Instant start) {
        this.nextMillis = new AtomicLong(start.toEpochMilli());
    }

    /** The next {@link #instant()} returns {@code next}. */
    void set(Instant next) {
        nextMillis.set(next.toEpochMilli());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nextMillis.getAndAdd(STEP_MILLIS));
    }

    @Override
    public long millis() {
        return nextMillis.getAndAdd(STEP_MILLIS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the benchmark's clock is UTC only");
    }
}
