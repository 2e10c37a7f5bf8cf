package dev.blogkit.internal.replicas;

import dev.blogkit.InvalidInputException;

/**
 * A position in PostgreSQL's write-ahead log ({@code pg_lsn}, written {@code 16/B374D848}) as a long, and the opaque
 * write token that carries one from process to process. Positions only grow, so a replica whose replayed position
 * is at or past a write's has replayed that write. 0 is "no position": nothing to wait for.
 */
public final class WalPosition {

    /** The token of no write: a read after it asks for nothing. */
    public static final String NO_WRITE_TOKEN = "";

    private static final String TOKEN_PREFIX = "wal1.";

    private WalPosition() {
    }

    /** {@code X/Y} (two hexadecimal halves) as a long. */
    public static long parse(String lsn) {
        if (!lsn.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
            throw new IllegalArgumentException("not a WAL position: " + lsn);
        }
        int slash = lsn.indexOf('/');
        long high = Long.parseLong(lsn.substring(0, slash), 16);
        long low = Long.parseLong(lsn.substring(slash + 1), 16);
        return (high << 32) | low;
    }

    /** The long as PostgreSQL writes it. */
    public static String format(long position) {
        return Long.toHexString(position >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }

    /** The write token of a position; the empty token for 0. */
    public static String token(long position) {
        return position == 0 ? NO_WRITE_TOKEN : TOKEN_PREFIX + format(position);
    }

    /**
     * The position a write token stands for (0 for the empty token).
     *
     * @throws InvalidInputException if the token is null or was not made by {@link #token}
     */
    public static long ofToken(String token) {
        if (token == null) {
            throw new InvalidInputException("writeToken", "the write token must not be null (no write: \"\")");
        }
        if (token.isEmpty()) {
            return 0;
        }
        try {
            if (token.startsWith(TOKEN_PREFIX)) {
                return parse(token.substring(TOKEN_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new InvalidInputException("writeToken", "not a write token of BlogKit (Blog.writeToken()): '"
                + (token.length() > 40 ? token.substring(0, 40) + "..." : token) + "'");
    }
}
