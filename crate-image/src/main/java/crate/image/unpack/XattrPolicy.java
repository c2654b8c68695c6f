package crate.image.unpack;

/**
 * Which extended attributes of a layer's members are written.
 *
 * <p>Kept: {@code user.*} (the image's own data) and {@code security.capability} (file
 * capabilities: ping and friends need them). Dropped, silently, because they would change how
 * the host's overlayfs or its LSMs see the files rather than describe the files themselves:
 * every {@code trusted.*} (overlayfs keeps its whiteout, opaque and redirect state there: a
 * layer must not forge it), every other {@code security.*} (SELinux labels, IMA/EVM
 * signatures of the build host), and {@code system.*} (ACLs, whose binary form depends on the
 * file system). Dropping rather than refusing: images built on SELinux hosts carry
 * {@code security.selinux} labels and must still pull. Symlinks get none (Linux refuses
 * {@code user.*} on them).
 */
public final class XattrPolicy {
    private XattrPolicy() {}

    public static boolean keep(String name) {
        return name.startsWith("user.") || name.equals("security.capability");
    }
}
