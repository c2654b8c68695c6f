package crate.linux;

import com.sun.jna.LastErrorException;
import crate.api.CrateException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Unix domain stream sockets as raw fds, and passing an fd over one (SCM_RIGHTS): what a
 * console socket needs (the runtime-spec's {@code --console-socket}, as runc). Java's
 * {@code UnixDomainSocketAddress} channels cannot pass fds. Every fd made here is close-on-exec.
 */
public final class UnixSocket {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = Syscalls.O_CLOEXEC;
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** struct sockaddr_un: a 2-byte family and 108 bytes of NUL-terminated path. */
    static final int SOCKADDR_UN_BYTES = 110;
    static final int SUN_PATH_BYTES = 108;

    /** An fd received with the message that carried it (runc sends the pty's name). */
    public record Received(int fd, String payload) {}

    private UnixSocket() {}

    /** A connected pair of stream sockets, {a, b}. */
    public static int[] pair() throws ErrnoException {
        int[] fds = new int[2];
        try {
            LibC.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
        } catch (LastErrorException e) {
            throw new ErrnoException("socketpair(AF_UNIX, SOCK_STREAM)", e.getErrorCode());
        }
        return fds;
    }

    /** A stream socket connected to the listening socket at {@code path}. */
    public static int connect(String path) throws ErrnoException {
        byte[] address = address(path);
        int fd = socket();
        try {
            LibC.connect(fd, address, address.length);
            return fd;
        } catch (LastErrorException e) {
            Syscalls.closeQuietly(fd);
            throw new ErrnoException("connect(" + path + ")", e.getErrorCode());
        }
    }

    /** A stream socket bound to {@code path} (which must not exist) and listening. */
    public static int listen(String path, int backlog) throws ErrnoException {
        byte[] address = address(path);
        int fd = socket();
        try {
            LibC.bind(fd, address, address.length);
            LibC.listen(fd, backlog);
            return fd;
        } catch (LastErrorException e) {
            Syscalls.closeQuietly(fd);
            throw new ErrnoException("bind/listen(" + path + ")", e.getErrorCode());
        }
    }

    /** Waits for a connection on a listening socket. */
    public static int accept(int listening) throws ErrnoException {
        while (true) {
            try {
                return LibC.accept4(listening, null, null, SOCK_CLOEXEC);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new ErrnoException("accept4(fd " + listening + ")", e.getErrorCode());
                }
            }
        }
    }

    /** Sends {@code fd} with {@code payload} (UTF-8; one NUL byte if empty) in one message. */
    public static void sendFd(int socket, int fd, String payload) throws ErrnoException {
        try (ScmRights message = ScmRights.toSend(payload.getBytes(StandardCharsets.UTF_8), fd)) {
            while (true) {
                try {
                    LibC.sendmsg(socket, message.msghdr(), MSG_NOSIGNAL);
                    return;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINTR) {
                        throw new ErrnoException("sendmsg(fd " + socket + ", SCM_RIGHTS fd " + fd + ")", e.getErrorCode());
                    }
                }
            }
        }
    }

    /**
     * Receives one message carrying an fd (made close-on-exec) and up to {@code maxPayload}
     * bytes of payload.
     *
     * @return empty when the peer closed the socket without sending anything
     * @throws CrateException when a message arrived without an fd
     */
    public static Optional<Received> receiveFd(int socket, int maxPayload) throws CrateException {
        try (ScmRights message = ScmRights.toReceive(maxPayload)) {
            long n;
            while (true) {
                try {
                    n = LibC.recvmsg(socket, message.msghdr(), MSG_CMSG_CLOEXEC);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINTR) {
                        throw new ErrnoException("recvmsg(fd " + socket + ")", e.getErrorCode());
                    }
                }
            }
            int fd = message.receivedFd();
            if (n == 0 && fd < 0) {
                return Optional.empty();
            }
            if (fd < 0) {
                throw new CrateException("recvmsg(fd " + socket + "): a message without a file descriptor"
                        + ((message.flags() & MSG_CTRUNC) != 0 ? " (control data truncated)" : ""));
            }
            byte[] payload = message.payload((int) n);
            int end = 0;
            while (end < payload.length && payload[end] != 0) {
                end++;
            }
            return Optional.of(new Received(fd, new String(payload, 0, end, StandardCharsets.UTF_8)));
        }
    }

    /** struct sockaddr_un for {@code path}; the length passed is the whole struct. */
    static byte[] address(String path) throws ErrnoException {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SUN_PATH_BYTES || bytes.length == 0) {
            // The kernel would cut it short or refuse it: say which path.
            throw new ErrnoException("unix socket path \"" + path + "\" (" + bytes.length
                    + " bytes, at most " + (SUN_PATH_BYTES - 1) + ")", Errno.EINVAL);
        }
        byte[] address = new byte[SOCKADDR_UN_BYTES];
        address[0] = (byte) AF_UNIX; // sa_family_t, little-endian on x86_64 and aarch64
        System.arraycopy(bytes, 0, address, 2, bytes.length);
        return address;
    }

    private static int socket() throws ErrnoException {
        try {
            return LibC.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("socket(AF_UNIX, SOCK_STREAM)", e.getErrorCode());
        }
    }
}
