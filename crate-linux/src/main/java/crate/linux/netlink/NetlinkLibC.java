package crate.linux.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The few libc socket calls a netlink socket needs, bound with JNA direct mapping (only the
 * bridge network driver uses them; {@code crate.linux.LibC} says what that costs a JVM).
 */
final class NetlinkLibC {
    static {
        Native.register(NetlinkLibC.class, NativeLibrary.getInstance("libc.so.6"));
    }

    private NetlinkLibC() {}

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    /** {@code addr} is a struct sockaddr_nl laid out by {@link NetlinkSocket}. */
    static native int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;

    static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, int[] value, int valueLen) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
