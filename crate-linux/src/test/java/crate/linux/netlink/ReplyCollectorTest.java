package crate.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.linux.Errno;
import crate.linux.ErrnoException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyCollectorTest {
    private static final int SEQ = 7;

    @Test
    void anAckWithErrorZeroEndsAChange() throws ErrnoException {
        ReplyCollector collector = new ReplyCollector(SEQ, "set link nl0 up");
        assertTrue(collector.accept(error(SEQ, 0, 0, "")));
        assertEquals(List.of(), collector.replies());
    }

    @Test
    void aNegativeErrorNamesTheOperationAndTheErrno() {
        ReplyCollector collector = new ReplyCollector(SEQ, "create bridge crate0");
        ErrnoException e = assertThrows(ErrnoException.class, () -> collector.accept(error(SEQ, -Errno.EEXIST, 0, "")));
        assertEquals("netlink: create bridge crate0: File exists (EEXIST)", e.getMessage());
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void theKernelsExtendedAckTextIsPartOfTheMessage() {
        ReplyCollector collector = new ReplyCollector(SEQ, "create veth nl0 peer nl1");
        ErrnoException e = assertThrows(ErrnoException.class, () -> collector.accept(
                error(SEQ, -Errno.EOPNOTSUPP, Rtnl.NLM_F_CAPPED | Rtnl.NLM_F_ACK_TLVS, "Unknown device type")));
        assertEquals("netlink: create veth nl0 peer nl1 (kernel: Unknown device type): Operation not supported (EOPNOTSUPP)",
                e.getMessage());
    }

    @Test
    void aMultipartDumpEndsAtDoneAcrossDatagrams() throws ErrnoException {
        ReplyCollector collector = new ReplyCollector(SEQ, "dump links");
        assertFalse(collector.accept(link(SEQ, Rtnl.NLM_F_MULTI, "lo")));
        assertFalse(collector.accept(link(SEQ, Rtnl.NLM_F_MULTI, "nlbr0"))); // "second datagram"
        assertTrue(collector.accept(parse(new MessageBuilder(Rtnl.NLMSG_DONE, Rtnl.NLM_F_MULTI).u32(0).build(SEQ))));
        assertEquals(List.of("lo", "nlbr0"), collector.replies().stream().map(m -> RtNetlink.toLink(m).name()).toList());
        assertFalse(collector.interrupted());
    }

    @Test
    void aDumpChangedWhileReadIsMarkedInterrupted() throws ErrnoException {
        ReplyCollector collector = new ReplyCollector(SEQ, "dump links");
        collector.accept(link(SEQ, Rtnl.NLM_F_MULTI | Rtnl.NLM_F_DUMP_INTR, "lo"));
        collector.accept(parse(new MessageBuilder(Rtnl.NLMSG_DONE, Rtnl.NLM_F_MULTI).u32(0).build(SEQ)));
        assertTrue(collector.interrupted());
    }

    @Test
    void aDoneWithAnErrorFailsTheDump() {
        ReplyCollector collector = new ReplyCollector(SEQ, "dump routes");
        ErrnoException e = assertThrows(ErrnoException.class, () -> collector.accept(
                parse(new MessageBuilder(Rtnl.NLMSG_DONE, Rtnl.NLM_F_MULTI).u32(-Errno.EINVAL).build(SEQ))));
        assertEquals("netlink: dump routes: Invalid argument (EINVAL)", e.getMessage());
    }

    @Test
    void aSingleReplyWithoutMultiIsTheWholeAnswer() throws ErrnoException {
        ReplyCollector collector = new ReplyCollector(SEQ, "look up link lo");
        assertTrue(collector.accept(link(SEQ, 0, "lo")));
        assertEquals(1, collector.replies().size());
    }

    @Test
    void repliesToOtherRequestsAreSkipped() throws ErrnoException {
        ReplyCollector collector = new ReplyCollector(SEQ, "set link nl0 up");
        assertFalse(collector.accept(error(SEQ - 1, -Errno.EEXIST, 0, "")));
        assertFalse(collector.accept(link(SEQ + 1, 0, "lo")));
        assertTrue(collector.accept(error(SEQ, 0, 0, "")));
    }

    /** An NLMSG_ERROR as the kernel sends it: the error, the request's header, then extended-ack attributes. */
    private static NetlinkMessage error(int seq, int error, int flags, String text) {
        MessageBuilder builder = new MessageBuilder(Rtnl.NLMSG_ERROR, flags).u32(error)
                .u32(Rtnl.NLMSG_HDRLEN).u16(Rtnl.RTM_NEWLINK).u16(Rtnl.NLM_F_REQUEST).u32(seq).u32(0);
        if (!text.isEmpty()) {
            builder.attrString(Rtnl.NLMSGERR_ATTR_MSG, text);
        }
        return parse(builder.build(seq));
    }

    private static NetlinkMessage link(int seq, int flags, String name) {
        return parse(new MessageBuilder(Rtnl.RTM_NEWLINK, flags).ifinfomsg(1, 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, name).build(seq));
    }

    private static NetlinkMessage parse(byte[] message) {
        return NetlinkMessage.parseAll(message, message.length).getFirst();
    }
}
