package crate.image.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests as the registry API writes them: {@code sha256:<64 lower-case hex>}. */
final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

    private Digests() {}

    static boolean isValid(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** {@code sha256:...} of what {@code digest} has consumed (which it then resets). */
    static String of(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    static String of(byte[] bytes) {
        MessageDigest d = sha256();
        d.update(bytes);
        return of(d);
    }

    /** {@code sha256:0123456789ab}: enough of a digest for a message. */
    static String shortForm(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
