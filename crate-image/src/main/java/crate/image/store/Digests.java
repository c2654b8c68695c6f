package crate.image.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** SHA-256 digests as the OCI image-spec writes them ({@code sha256:<64 hex>}), and chain IDs. */
public final class Digests {
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digests() {}

    /** A new SHA-256 hasher (every JDK has one). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "sha256:" and the hex of what {@code digest} has hashed. */
    public static String format(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    public static String of(byte[] data) {
        MessageDigest digest = sha256();
        digest.update(data);
        return format(digest);
    }

    /** Whether {@code digest} is a well-formed sha256 digest: the only kind the store keeps (it becomes a file name). */
    public static boolean valid(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    /** The 64 hex digits of a valid digest. */
    public static String hex(String digest) {
        if (!valid(digest)) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring("sha256:".length());
    }

    /** "sha256:" and the first 12 hex digits, for messages. */
    public static String shortForm(String digest) {
        int colon = digest.indexOf(':');
        return digest.substring(0, Math.min(digest.length(), colon + 13));
    }

    /**
     * The chain IDs of layers with these diff IDs, bottom first (OCI image-spec):
     * chainID(L0) = diffID(L0); chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln)).
     */
    public static List<String> chainIds(List<String> diffIds) {
        List<String> chain = new ArrayList<>();
        String previous = null;
        for (String diffId : diffIds) {
            previous = previous == null ? diffId : of((previous + " " + diffId).getBytes(StandardCharsets.US_ASCII));
            chain.add(previous);
        }
        return chain;
    }
}
