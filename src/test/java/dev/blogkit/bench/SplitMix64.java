package dev.blogkit.bench;

import java.util.HashSet;
import java.util.Set;

/**
 * The workload's random numbers: SplitMix64 (Steele, Lea and Flood, 2014), the generator that any language can
 * reproduce bit for bit, so that every implementation of the workload touches the same rows.
 *
 * <p>Seeded 42, its first three outputs (unsigned) are 13679457532755275413, 2949826092126892291,
 * 5139283748462763858; {@link #selfCheck()} holds the generator to them.
 */
final class SplitMix64 {

    static final long SEED = 42;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An id in [1, n]: {@code 1 + (x mod n)}, x the next output read as an unsigned 64-bit number. */
    long nextId(long n) {
        return 1 + Long.remainderUnsigned(nextLong(), n);
    }

    /**
     * The ids a phase touches: a fresh generator seeded 42, one {@link #nextId(long)} per op. Every phase starts
     * its own generator, so a phase's ids do not depend on which phases ran before it.
     */
    static long[] ids(int count, long n) {
        SplitMix64 random = new SplitMix64(SEED);
        long[] ids = new long[count];
        for (int k = 0; k < count; k++) {
            ids[k] = random.nextId(n);
        }
        return ids;
    }

    /** Like {@link #ids(int, long)}, but an id already drawn is skipped: {@code count} distinct ids, in draw order. */
    static long[] distinctIds(int count, long n) {
        if (count > n) {
            throw new IllegalArgumentException(count + " distinct ids in [1, " + n + "]");
        }
        SplitMix64 random = new SplitMix64(SEED);
        Set<Long> seen = new HashSet<>();
        long[] ids = new long[count];
        for (int k = 0; k < count; ) {
            long id = random.nextId(n);
            if (seen.add(id)) {
                ids[k++] = id;
            }
        }
        return ids;
    }

    /** Fails unless this generator gives SplitMix64's reference outputs for seed 42. */
    static void selfCheck() {
        SplitMix64 random = new SplitMix64(SEED);
        String got = Long.toUnsignedString(random.nextLong()) + " " + Long.toUnsignedString(random.nextLong()) + " "
                + Long.toUnsignedString(random.nextLong());
        String expected = "13679457532755275413 2949826092126892291 5139283748462763858";
        if (!got.equals(expected)) {
            throw new BenchmarkFailure("SplitMix64(42) gave " + got + ", expected " + expected);
        }
    }
}
