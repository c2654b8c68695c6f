package crate.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One message for sendmsg(2)/recvmsg(2) that carries a payload and one file descriptor
 * (SCM_RIGHTS), laid out by hand in a single block of native memory. The layouts are those
 * of glibc on LP64 Linux, the same on x86_64 and aarch64 (checked with offsetof and
 * CMSG_SPACE on x86_64):
 *
 * <pre>
 * struct msghdr  (56 bytes)       struct iovec (16)      struct cmsghdr (16, data at 16)
 *   0 void  *msg_name               0 void *iov_base       0 size_t cmsg_len
 *   8 u32    msg_namelen (+4 pad)   8 size_t iov_len       8 int    cmsg_level
 *  16 iovec *msg_iov                                      12 int    cmsg_type
 *  24 size_t msg_iovlen                                   16 data (one int fd)
 *  32 void  *msg_control          CMSG_LEN(4) = 20, CMSG_SPACE(4) = 24
 *  40 size_t msg_controllen
 *  48 int    msg_flags (+4 pad)
 * </pre>
 *
 * The block holds the msghdr at 0, the iovec at 56, the control buffer at 72 and the
 * payload at 96.
 */
final class ScmRights implements AutoCloseable {
    static final int MSGHDR_BYTES = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;

    static final int IOVEC_BYTES = 16;
    static final int CMSG_HEADER_BYTES = 16;
    static final int CMSG_LEN_ONE_FD = CMSG_HEADER_BYTES + 4;
    static final int CMSG_SPACE_ONE_FD = CMSG_HEADER_BYTES + 8;

    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;

    static final int IOVEC_AT = MSGHDR_BYTES;
    static final int CONTROL_AT = IOVEC_AT + IOVEC_BYTES;
    static final int PAYLOAD_AT = CONTROL_AT + CMSG_SPACE_ONE_FD;

    private final Memory block;
    private final int payloadCapacity;

    private ScmRights(int payloadCapacity) {
        // At least one byte: a stream socket does not carry a message with no data.
        this.payloadCapacity = Math.max(1, payloadCapacity);
        this.block = new Memory(PAYLOAD_AT + this.payloadCapacity);
        block.clear();
        block.setPointer(MSG_NAME, null);
        block.setInt(MSG_NAMELEN, 0);
        block.setPointer(MSG_IOV, block.share(IOVEC_AT));
        block.setLong(MSG_IOVLEN, 1);
        block.setPointer(MSG_CONTROL, block.share(CONTROL_AT));
        block.setLong(MSG_CONTROLLEN, CMSG_SPACE_ONE_FD);
        block.setPointer(IOVEC_AT, block.share(PAYLOAD_AT));
        block.setLong(IOVEC_AT + 8, this.payloadCapacity);
    }

    /** A message carrying {@code payload} (at least one byte is sent) and {@code fd}. */
    static ScmRights toSend(byte[] payload, int fd) {
        ScmRights message = new ScmRights(payload.length);
        message.block.write(PAYLOAD_AT, payload, 0, payload.length);
        message.block.setLong(IOVEC_AT + 8, Math.max(1, payload.length));
        message.block.setLong(CONTROL_AT, CMSG_LEN_ONE_FD);
        message.block.setInt(CONTROL_AT + 8, SOL_SOCKET);
        message.block.setInt(CONTROL_AT + 12, SCM_RIGHTS);
        message.block.setInt(CONTROL_AT + CMSG_HEADER_BYTES, fd);
        return message;
    }

    /** An empty message with room for {@code payloadCapacity} bytes and one fd. */
    static ScmRights toReceive(int payloadCapacity) {
        return new ScmRights(payloadCapacity);
    }

    Pointer msghdr() {
        return block;
    }

    /** msg_flags after recvmsg (MSG_CTRUNC when the control data did not fit). */
    int flags() {
        return block.getInt(MSG_FLAGS);
    }

    /** The fd recvmsg received, or -1 when the message carried none. */
    int receivedFd() {
        long controlLength = block.getLong(MSG_CONTROLLEN);
        if (controlLength < CMSG_LEN_ONE_FD) {
            return -1;
        }
        long cmsgLength = block.getLong(CONTROL_AT);
        int level = block.getInt(CONTROL_AT + 8);
        int type = block.getInt(CONTROL_AT + 12);
        if (level != SOL_SOCKET || type != SCM_RIGHTS || cmsgLength < CMSG_LEN_ONE_FD) {
            return -1;
        }
        return block.getInt(CONTROL_AT + CMSG_HEADER_BYTES);
    }

    byte[] payload(int length) {
        return block.getByteArray(PAYLOAD_AT, Math.min(length, payloadCapacity));
    }

    /** The raw block, for the layout tests. */
    Memory block() {
        return block;
    }

    @Override
    public void close() {
        block.close();
    }
}
