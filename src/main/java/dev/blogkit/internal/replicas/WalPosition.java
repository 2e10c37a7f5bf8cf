package dev.blogkit.internal.replicas;

/**
 * A position in PostgreSQL's write-ahead log ({@code pg_lsn}, written {@code 16/B374D848}) as a long. Positions
 * only grow on one server's timeline, so a replica whose replayed position is at or past a write's has replayed
 * that write. 0 is "no position": nothing to wait for.
 */
public final class WalPosition {

    private WalPosition() {
    }

    /**
     * {@code X/Y} (two hexadecimal halves of at most 8 digits) as a long.
     *
     * @throws IllegalArgumentException if it is not one, or lies past what a long holds (a high half of 80000000
     *     or more: 8 EiB of WAL, which no server writes)
     */
    public static long parse(String lsn) {
        if (!lsn.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
            throw new IllegalArgumentException("not a WAL position: " + lsn);
        }
        int slash = lsn.indexOf('/');
        long high = Long.parseLong(lsn.substring(0, slash), 16);
        long low = Long.parseLong(lsn.substring(slash + 1), 16);
        if (high > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a WAL position past 7FFFFFFF/FFFFFFFF: " + lsn);
        }
        return (high << 32) | low;
    }

    /** The long as PostgreSQL writes it. */
    public static String format(long position) {
        return Long.toHexString(position >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
