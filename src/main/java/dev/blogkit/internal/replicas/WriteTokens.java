package dev.blogkit.internal.replicas;

import dev.blogkit.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Write tokens ({@code Blog.writeToken()}): a position in the primary's write-ahead log, signed with the database's
 * own key ({@code blogkit_settings.cursor_key}, migration V3, which also signs cursors; the message differs), so that
 * every instance of an application on one database accepts the tokens of the others, and a token BlogKit did not
 * make (altered, forged, from another database) is refused. Written {@code wal2.POSITION.MAC}: the position in
 * hexadecimal, then 16 bytes of HMAC-SHA256 in URL-safe Base64; no character a cookie or a URL must escape.
 */
public final class WriteTokens {

    /** The token of no write: a read after it asks for nothing. */
    public static final String NO_WRITE_TOKEN = "";

    private static final String PREFIX = "wal2.";
    private static final int MAC_LENGTH = 16;
    private static final Pattern FORM = Pattern.compile("wal2\\.[0-9a-f]{1,16}\\.[A-Za-z0-9_-]{22}");
    /** What the MAC covers before the position: no cursor's payload begins so. */
    private static final byte[] DOMAIN = "blogkit write token\0".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    /** @param hexKey the database's key, in hexadecimal */
    public WriteTokens(String hexKey) {
        this.key = new SecretKeySpec(HexFormat.of().parseHex(hexKey), "HmacSHA256");
    }

    /** The token of a position; the empty token for 0. */
    public String token(long position) {
        if (position == 0) {
            return NO_WRITE_TOKEN;
        }
        return PREFIX + Long.toHexString(position) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(position));
    }

    /**
     * The position a token stands for (0 for the empty token). Refuses any text but one {@link #token} made with
     * this database's key, character for character.
     *
     * @throws InvalidInputException (field {@code writeToken}) if the token is null or not one of these
     */
    public long position(String token) {
        if (token == null) {
            throw new InvalidInputException("writeToken", "the write token must not be null (no write: \"\")");
        }
        if (token.isEmpty()) {
            return 0;
        }
        if (FORM.matcher(token).matches()) {
            int dot = token.indexOf('.', PREFIX.length());
            String hex = token.substring(PREFIX.length(), dot);
            long position = Long.parseUnsignedLong(hex, 16);
            // the whole text as token() writes it (no leading zero, no other Base64 of the same bytes), compared in
            // constant time
            if (position > 0 && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                    token(position).getBytes(StandardCharsets.US_ASCII))) {
                return position;
            }
        }
        throw new InvalidInputException("writeToken", "not a write token of this blog (Blog.writeToken()): it was "
                + "altered, or comes from another database: '" + printable(token) + "'");
    }

    private byte[] mac(long position) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(DOMAIN);
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(position).array()), MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String printable(String token) {
        StringBuilder out = new StringBuilder();
        token.codePoints().limit(40).forEach(c -> {
            if (Character.isISOControl(c) || Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return token.length() > 40 ? out + "..." : out.toString();
    }
}
