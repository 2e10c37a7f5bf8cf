package dev.blogkit.internal.repository;

import dev.blogkit.InvalidInputException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque keyset cursors: a position (published_at, id) in one listing, signed with the database's own key
 * ({@code blogkit_settings.cursor_key}, made by migration V3), so that an altered cursor, or one from another
 * database or another listing, is refused. URL-safe Base64, no padding.
 */
public final class Cursors {

    /** The listing a cursor belongs to. */
    enum Listing {
        PUBLISHED_POSTS,
        TAG_POSTS,
        /** Users by id: the position's time is unused. */
        USERS,
        /** One author's posts by creation time. */
        AUTHOR_POSTS,
        /** Users by number of posts: the position's time holds the count, as milliseconds. */
        POST_COUNTS
    }

    /** Where the next page starts: after the post with this publication time and id. */
    record Position(Instant at, long id) {

        /**
         * This position, or, if it lies after {@code now} (the clock was set back since the cursor was handed out),
         * the position just after every post published at {@code now}: the seek from it then lists exactly the
         * posts published by now.
         */
        Position noLaterThan(Instant now) {
            return at.isAfter(now) ? new Position(now, Long.MAX_VALUE) : this;
        }
    }

    private static final byte VERSION = 1;
    private static final int PAYLOAD_LENGTH = 2 + Long.BYTES + Long.BYTES;
    private static final int MAC_LENGTH = 16;

    private final SecretKeySpec key;

    public Cursors(String hexKey) {
        this.key = new SecretKeySpec(HexFormat.of().parseHex(hexKey), "HmacSHA256");
    }

    String encode(Listing listing, Position position) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_LENGTH + MAC_LENGTH)
                .put(VERSION)
                .put((byte) listing.ordinal())
                .putLong(position.at().toEpochMilli())
                .putLong(position.id());
        payload.put(mac(Arrays.copyOf(payload.array(), PAYLOAD_LENGTH)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
    }

    /** @throws InvalidInputException if the cursor is not one this database made for this listing */
    Position decode(Listing listing, String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        // only the form BlogKit hands out: Base64 lets several strings (padding, the unused low bits of the last
        // character) decode to the same bytes
        if (bytes.length != PAYLOAD_LENGTH + MAC_LENGTH
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
            throw invalid();
        }
        byte[] payload = Arrays.copyOf(bytes, PAYLOAD_LENGTH);
        byte[] mac = Arrays.copyOfRange(bytes, PAYLOAD_LENGTH, bytes.length);
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        if (buffer.get() != VERSION || buffer.get() != (byte) listing.ordinal()) {
            throw invalid();
        }
        return new Position(Instant.ofEpochMilli(buffer.getLong()), buffer.getLong());
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("cursor",
                "cursor is not a cursor of this blog's listing: it was altered, or comes from another blog or listing");
    }
}
