package crate.network.bridge;

/**
 * The name of a container's host-side veth end, derived from its id alone so that a later
 * process (a {@code crate delete} after a kill -9) finds it without any record.
 *
 * <p>Interface names hold at most 15 bytes (IFNAMSIZ 16 with the NUL) and container ids up
 * to 1024 characters, so the id cannot be used as such: {@code veth} and the first 11 hex
 * digits of the id's SHA-256 (44 bits; two ids sharing a name is as unlikely as a collision of
 * Docker's short ids, and the kernel refuses the second veth then rather than sharing one).
 */
final class VethName {
    static final String PREFIX = "veth";
    static final int HEX_DIGITS = 11;

    private VethName() {}

    static String of(String containerId) {
        return PREFIX + IdDigest.hex(containerId).substring(0, HEX_DIGITS);
    }
}
