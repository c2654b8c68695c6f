package crate.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Writes one netlink request: the 16-byte nlmsghdr, the family's fixed header (ifinfomsg,
 * ifaddrmsg, rtmsg: written field by field by the caller) and rtattr attributes, nested ones
 * included. Host byte order (little-endian on the machines crate runs on), every attribute
 * padded to 4 bytes as NLA_ALIGN asks. The length and sequence number are filled in by
 * {@link #build(int)}.
 */
final class MessageBuilder {
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> openNests = new ArrayDeque<>();

    MessageBuilder(int type, int flags) {
        buffer.putInt(0); // nlmsg_len, set by build
        buffer.putShort((short) type);
        buffer.putShort((short) flags);
        buffer.putInt(0); // nlmsg_seq, set by build
        buffer.putInt(0); // nlmsg_pid: 0, the kernel
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    MessageBuilder u8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    MessageBuilder u16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    MessageBuilder u32(int value) {
        ensure(4).putInt(value);
        return this;
    }

    /** struct ifinfomsg: family AF_UNSPEC, the link's index (0: none), flags and the mask of flags to change. */
    MessageBuilder ifinfomsg(int index, int flags, int change) {
        return u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    MessageBuilder attr(int type, byte[] value) {
        int length = 4 + value.length;
        ensure(align(length)).putShort((short) length).putShort((short) type).put(value);
        pad();
        return this;
    }

    MessageBuilder attrU32(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string, as IFLA_IFNAME and IFLA_INFO_KIND. */
    MessageBuilder attrString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(bytes, bytes.length + 1));
    }

    /** Opens a nested attribute; what is written until {@link #endNested()} goes inside it. */
    MessageBuilder beginNested(int type) {
        openNests.push(buffer.position());
        ensure(4).putShort((short) 0).putShort((short) (type | Rtnl.NLA_F_NESTED));
        return this;
    }

    MessageBuilder endNested() {
        int start = openNests.pop();
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The finished message with {@code seq}; all nests must be closed. */
    byte[] build(int seq) {
        if (!openNests.isEmpty()) {
            throw new IllegalStateException("netlink message: " + openNests.size() + " nested attribute(s) left open");
        }
        buffer.putInt(0, buffer.position());
        buffer.putInt(8, seq);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void pad() {
        while (buffer.position() % 4 != 0) {
            buffer.put((byte) 0);
        }
    }

    private ByteBuffer ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
        return buffer;
    }
}
