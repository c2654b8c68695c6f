package crate.linux.netlink;

import crate.linux.Errno;
import crate.linux.ErrnoException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the kernel's reply to one request, message by message, across datagrams: an ack
 * (an NLMSG_ERROR with error 0) ends a change; NLMSG_DONE ends a dump (its messages carry
 * NLM_F_MULTI); a single message without NLM_F_MULTI is the whole answer to a get. A
 * negative error becomes an {@link ErrnoException} naming the operation. Messages with
 * another sequence number (left over from an earlier, failed request) are skipped.
 */
final class ReplyCollector {
    private final int seq;
    private final String operation;
    private final List<NetlinkMessage> replies = new ArrayList<>();
    private boolean interrupted;
    private boolean done;

    ReplyCollector(int seq, String operation) {
        this.seq = seq;
        this.operation = operation;
    }

    /** Takes one message; true when the reply is complete. */
    boolean accept(NetlinkMessage message) throws ErrnoException {
        if (done) {
            throw new IllegalStateException("netlink: " + operation + ": reply already complete");
        }
        if (message.seq() != seq || message.type() == Rtnl.NLMSG_NOOP) {
            return false;
        }
        switch (message.type()) {
            case Rtnl.NLMSG_ERROR -> {
                int error = message.payload().getInt(0);
                if (error < 0) {
                    throw new ErrnoException("netlink: " + operation + kernelMessage(message), -error);
                }
                done = true;
            }
            case Rtnl.NLMSG_DONE -> {
                int error = message.payload().limit() >= 4 ? message.payload().getInt(0) : 0;
                if (error < 0) {
                    throw new ErrnoException("netlink: " + operation + kernelMessage(message), -error);
                }
                done = true;
            }
            case Rtnl.NLMSG_OVERRUN -> throw new ErrnoException("netlink: " + operation + " (overrun)", Errno.ENOBUFS);
            default -> {
                interrupted |= (message.flags() & Rtnl.NLM_F_DUMP_INTR) != 0;
                replies.add(message);
                done = (message.flags() & Rtnl.NLM_F_MULTI) == 0;
            }
        }
        return done;
    }

    List<NetlinkMessage> replies() {
        return List.copyOf(replies);
    }

    /** The dump changed while it was read (NLM_F_DUMP_INTR): its content may be inconsistent; ask again. */
    boolean interrupted() {
        return interrupted;
    }

    /**
     * The kernel's extended-ack text (NETLINK_EXT_ACK), as " (kernel: Unknown device type)",
     * or "" without one. It follows struct nlmsgerr: the error, then the request's header
     * (capped, NETLINK_CAP_ACK) or the whole request.
     */
    private static String kernelMessage(NetlinkMessage message) {
        if ((message.flags() & Rtnl.NLM_F_ACK_TLVS) == 0 || message.type() != Rtnl.NLMSG_ERROR) {
            return "";
        }
        var payload = message.payload();
        int echoed = (message.flags() & Rtnl.NLM_F_CAPPED) != 0 || payload.limit() < 8
                ? Rtnl.NLMSG_HDRLEN
                : MessageBuilder.align(payload.getInt(4));
        int start = 4 + echoed;
        if (start > payload.limit()) {
            return "";
        }
        return Attributes.parse(payload.slice(start, payload.limit() - start))
                .string(Rtnl.NLMSGERR_ATTR_MSG)
                .filter(text -> !text.isBlank())
                .map(text -> " (kernel: " + text + ")")
                .orElse("");
    }
}
