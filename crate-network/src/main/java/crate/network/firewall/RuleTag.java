package crate.network.firewall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The comment that marks a rule as crate's, so that it can be found and removed from the
 * ruleset alone, with no memory of the process that added it (also after a crash).
 *
 * <p>Container rules carry {@code crate:<id>}, a bridge's shared rules
 * {@code crate-bridge:<name>}. nft keeps at most 128 bytes of comment, and crate's ids may be
 * up to 1024 characters: an id longer than {@value #MAX_PLAIN} characters is tagged with the
 * first 32 hex digits of its SHA-256 instead ({@code crate:sha256-...}), which is as stable.
 */
public final class RuleTag {
    static final int MAX_PLAIN = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+.-]{0,1023}");

    private RuleTag() {}

    /** The tag of a container's rules; the id uses crate's container id alphabet. */
    public static String of(String containerId) {
        if (containerId == null || !ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("invalid container id \"" + containerId + "\"");
        }
        if (containerId.length() <= MAX_PLAIN) {
            return "crate:" + containerId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(containerId.getBytes(StandardCharsets.UTF_8));
            return "crate:sha256-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** The tag of the rules a bridge shares among its containers. */
    public static String ofBridge(BridgeNetwork network) {
        return "crate-bridge:" + network.bridge();
    }
}
