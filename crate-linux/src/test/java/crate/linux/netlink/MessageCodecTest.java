package crate.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Encoding requests and decoding replies, without a socket. */
class MessageCodecTest {

    @Test
    void headerCarriesLengthTypeFlagsAndSequence() {
        byte[] message = new MessageBuilder(Rtnl.RTM_NEWLINK, 0x605).ifinfomsg(7, 1, 1).build(42);
        ByteBuffer buffer = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32, message.length);
        assertEquals(32, buffer.getInt(0));
        assertEquals(Rtnl.RTM_NEWLINK, buffer.getShort(4));
        assertEquals(0x605, buffer.getShort(6));
        assertEquals(42, buffer.getInt(8));
        assertEquals(0, buffer.getInt(12)); // to the kernel
        assertEquals(7, buffer.getInt(16 + 4)); // ifi_index
        assertEquals(1, buffer.getInt(16 + 8)); // ifi_flags
        assertEquals(1, buffer.getInt(16 + 12)); // ifi_change
    }

    @Test
    void attributesArePaddedToFourBytesButCarryTheirOwnLength() {
        byte[] message = new MessageBuilder(1, 0).attrString(3, "abcd").attrU32(4, 1500).build(1);
        ByteBuffer buffer = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16 + 12 + 8, message.length);
        assertEquals(9, buffer.getShort(16)); // 4 header + "abcd\0"
        assertEquals(3, buffer.getShort(18));
        assertEquals(0, buffer.get(16 + 8)); // the NUL
        assertEquals(0, buffer.get(16 + 11)); // padding
        assertEquals(8, buffer.getShort(28)); // the next attribute starts aligned
        assertEquals(1500, buffer.getInt(32));
    }

    @Test
    void nestedAttributesCoverWhatIsInsideAndAreMarkedNested() {
        byte[] message = new MessageBuilder(1, 0)
                .beginNested(Rtnl.IFLA_LINKINFO)
                .attrString(Rtnl.IFLA_INFO_KIND, "veth")
                .beginNested(Rtnl.IFLA_INFO_DATA).attrU32(9, 5).endNested()
                .endNested()
                .build(1);
        ByteBuffer buffer = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4 + 12 + 12, buffer.getShort(16));
        assertEquals(Rtnl.IFLA_LINKINFO | Rtnl.NLA_F_NESTED, Short.toUnsignedInt(buffer.getShort(18)));
        assertEquals(message.length, 16 + buffer.getShort(16));

        Attributes linkInfo = NetlinkMessage.parseAll(message, message.length).getFirst().attributes(0)
                .nested(Rtnl.IFLA_LINKINFO);
        assertEquals(Optional.of("veth"), linkInfo.string(Rtnl.IFLA_INFO_KIND));
        assertEquals(OptionalInt.of(5), linkInfo.nested(Rtnl.IFLA_INFO_DATA).u32(9));
        assertFalse(linkInfo.has(Rtnl.IFLA_IFNAME));
    }

    @Test
    void anUnclosedNestIsAProgrammingError() {
        MessageBuilder builder = new MessageBuilder(1, 0).beginNested(1);
        assertThrows(IllegalStateException.class, () -> builder.build(1));
    }

    @Test
    void growsBeyondItsFirstBuffer() {
        MessageBuilder builder = new MessageBuilder(1, 0);
        for (int i = 0; i < 200; i++) {
            builder.attrU32(i, i);
        }
        byte[] message = builder.build(1);
        assertEquals(16 + 200 * 8, message.length);
        assertEquals(OptionalInt.of(199), NetlinkMessage.parseAll(message, message.length).getFirst().attributes(0).u32(199));
    }

    @Test
    void oneDatagramSplitsIntoItsMessages() {
        byte[] first = new MessageBuilder(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_MULTI).ifinfomsg(1, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, "lo").build(9);
        byte[] second = new MessageBuilder(Rtnl.NLMSG_DONE, Rtnl.NLM_F_MULTI).u32(0).build(9);
        byte[] datagram = ByteBuffer.allocate(first.length + second.length + 8).put(first).put(second).array();
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(datagram, first.length + second.length);
        assertEquals(2, messages.size());
        assertEquals(Rtnl.RTM_NEWLINK, messages.get(0).type());
        assertEquals(9, messages.get(0).seq());
        assertEquals(Rtnl.NLMSG_DONE, messages.get(1).type());
    }

    @Test
    void messagesOutliveTheReceiveBufferTheyCameIn() {
        byte[] buffer = new MessageBuilder(Rtnl.RTM_NEWLINK, 0).ifinfomsg(1, 0, 0).attrString(Rtnl.IFLA_IFNAME, "lo").build(1);
        NetlinkMessage message = NetlinkMessage.parseAll(buffer, buffer.length).getFirst();
        Arrays.fill(buffer, (byte) 0x7f); // the next datagram
        assertEquals("lo", RtNetlink.toLink(message).name());
    }

    @Test
    void aTruncatedMessageIsRefused() {
        byte[] message = new MessageBuilder(1, 0).attrU32(1, 1).build(1);
        assertThrows(IllegalStateException.class, () -> NetlinkMessage.parseAll(message, message.length - 4));
        ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).putShort(16, (short) 40); // attribute longer than the message
        NetlinkMessage parsed = NetlinkMessage.parseAll(message, message.length).getFirst();
        assertThrows(IllegalStateException.class, () -> parsed.attributes(0));
    }

    @Test
    void aLinkDecodesFromANewLinkMessage() {
        byte[] message = new MessageBuilder(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_MULTI)
                .ifinfomsg(12, Rtnl.IFF_UP | 0x1000, 0)
                .attrString(Rtnl.IFLA_IFNAME, "nlv0h")
                .attrU32(Rtnl.IFLA_MTU, 1400)
                .attrU32(Rtnl.IFLA_MASTER, 5)
                .beginNested(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "veth").endNested()
                .build(3);
        Link link = RtNetlink.toLink(NetlinkMessage.parseAll(message, message.length).getFirst());
        assertEquals(new Link("nlv0h", 12, Optional.of("veth"), true, OptionalInt.of(5), 1400), link);

        byte[] lo = new MessageBuilder(Rtnl.RTM_NEWLINK, 0).ifinfomsg(1, 0, 0).attrString(Rtnl.IFLA_IFNAME, "lo").build(3);
        Link loopback = RtNetlink.toLink(NetlinkMessage.parseAll(lo, lo.length).getFirst());
        assertEquals(new Link("lo", 1, Optional.empty(), false, OptionalInt.empty(), 0), loopback);
        assertTrue(loopback.kind().isEmpty());
    }
}
