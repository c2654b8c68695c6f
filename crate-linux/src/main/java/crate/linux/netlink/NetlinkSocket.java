package crate.linux.netlink;

import com.sun.jna.LastErrorException;
import crate.linux.ErrnoException;
import crate.linux.Errno;
import java.util.List;

/**
 * A NETLINK_ROUTE socket: sends a request, reads datagrams until its reply is complete. The
 * socket belongs to the network namespace of the thread that opened it, whichever thread
 * uses it later. Not thread-safe: one request at a time.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /** struct sockaddr_nl {sa_family_t family; unsigned short pad; u32 pid; u32 groups}: the kernel is pid 0. */
    private static final byte[] KERNEL = sockaddr();

    private final int fd;
    private final byte[] receiveBuffer = new byte[RECEIVE_BUFFER];
    private int seq;
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    static NetlinkSocket open() throws ErrnoException {
        int fd;
        try {
            fd = NetlinkLibC.socket(Rtnl.AF_NETLINK, Rtnl.SOCK_RAW | Rtnl.SOCK_CLOEXEC, Rtnl.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw new ErrnoException("socket(AF_NETLINK, NETLINK_ROUTE)", e.getErrorCode());
        }
        try {
            NetlinkLibC.bind(fd, KERNEL, KERNEL.length); // pid 0: the kernel picks our port id
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new ErrnoException("bind(AF_NETLINK)", e.getErrorCode());
        }
        // Best effort, both since Linux 4.x: the kernel's own words in errors, short error acks.
        setOption(fd, Rtnl.NETLINK_EXT_ACK);
        setOption(fd, Rtnl.NETLINK_CAP_ACK);
        return new NetlinkSocket(fd);
    }

    /** Sends {@code request} and returns the reply's messages (none for an ack). */
    List<NetlinkMessage> exchange(MessageBuilder request, String operation) throws ErrnoException {
        if (closed) {
            throw new IllegalStateException("netlink: " + operation + ": the socket is closed");
        }
        int requestSeq = ++seq;
        byte[] message = request.build(requestSeq);
        try {
            NetlinkLibC.sendto(fd, message, message.length, 0, KERNEL, KERNEL.length);
        } catch (LastErrorException e) {
            throw new ErrnoException("netlink: " + operation + " (send)", e.getErrorCode());
        }
        ReplyCollector collector = new ReplyCollector(requestSeq, operation);
        while (true) {
            long length;
            try {
                length = NetlinkLibC.recv(fd, receiveBuffer, receiveBuffer.length, Rtnl.MSG_TRUNC);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw new ErrnoException("netlink: " + operation + " (receive)", e.getErrorCode());
            }
            if (length > receiveBuffer.length) {
                throw new ErrnoException("netlink: " + operation + " (a " + length + "-byte reply)", Errno.ENOBUFS);
            }
            for (NetlinkMessage reply : NetlinkMessage.parseAll(receiveBuffer, (int) length)) {
                if (collector.accept(reply)) {
                    if (collector.interrupted()) {
                        throw new ErrnoException("netlink: " + operation + " (dump interrupted)", Errno.EINTR);
                    }
                    return collector.replies();
                }
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }

    private static void setOption(int fd, int option) {
        try {
            NetlinkLibC.setsockopt(fd, Rtnl.SOL_NETLINK, option, new int[] {1}, 4);
        } catch (LastErrorException e) {
            // older kernels: plain errors, full echoes
        }
    }

    private static void closeQuietly(int fd) {
        try {
            NetlinkLibC.close(fd);
        } catch (LastErrorException e) {
            // nothing to do: the fd is gone either way
        }
    }

    private static byte[] sockaddr() {
        byte[] address = new byte[12];
        address[0] = (byte) Rtnl.AF_NETLINK;
        return address;
    }
}
