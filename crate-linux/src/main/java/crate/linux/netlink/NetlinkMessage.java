package crate.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One message read from a netlink socket: the nlmsghdr's fields and the payload after it
 * (the family header, then the attributes), as a little-endian buffer of its own.
 */
record NetlinkMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {

    /**
     * Splits one datagram into its messages (a dump packs many into one). The messages keep a
     * copy: the receive buffer is reused for the next datagram.
     */
    static List<NetlinkMessage> parseAll(byte[] datagram, int length) {
        ByteBuffer buffer = ByteBuffer.wrap(Arrays.copyOf(datagram, length)).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        int offset = 0;
        while (length - offset >= Rtnl.NLMSG_HDRLEN) {
            int messageLength = buffer.getInt(offset);
            if (messageLength < Rtnl.NLMSG_HDRLEN || messageLength > length - offset) {
                throw new IllegalStateException("netlink: malformed reply: a message of " + messageLength
                        + " bytes at offset " + offset + " of a " + length + "-byte datagram");
            }
            ByteBuffer payload = buffer.slice(offset + Rtnl.NLMSG_HDRLEN, messageLength - Rtnl.NLMSG_HDRLEN)
                    .order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(
                    Short.toUnsignedInt(buffer.getShort(offset + 4)),
                    Short.toUnsignedInt(buffer.getShort(offset + 6)),
                    buffer.getInt(offset + 8),
                    buffer.getInt(offset + 12),
                    payload));
            offset += MessageBuilder.align(messageLength);
        }
        return messages;
    }

    /** The attributes after a family header of {@code headerLength} bytes. */
    Attributes attributes(int headerLength) {
        return Attributes.parse(payload.slice(headerLength, payload.limit() - headerLength));
    }
}
