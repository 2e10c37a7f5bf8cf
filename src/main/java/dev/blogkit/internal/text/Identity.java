package dev.blogkit.internal.text;

import com.ibm.icu.text.Normalizer2;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * When two usernames (or two emails) are one name: Unicode's {@code NFKC_Casefold} (compatibility normalisation,
 * the full case folding of {@code CaseFolding.txt}, default-ignorable characters removed), ICU's, so that the
 * rule is Unicode's own and the same on every JVM whatever Unicode version the JDK carries. What the database
 * stores and indexes is the key's SHA-256 ({@link #storedKey}): 43 characters for every value the rules accept,
 * however far NFKC expands it (one character up to 18), within any column and any index's row limit.
 */
public final class Identity {

    /** The length of every {@link #storedKey}: 32 bytes in unpadded base64url. */
    public static final int STORED_KEY_LENGTH = 43;

    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Identity() {
    }

    /** The text's identity: {@code NFKC_Casefold(text)}. */
    public static String key(String text) {
        return NFKC_CASEFOLD.normalize(text);
    }

    /** What the key columns hold: the SHA-256 of the key's UTF-8, unpadded base64url. */
    public static String storedKey(String text) {
        return BASE64URL.encodeToString(sha256().digest(key(text).getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
