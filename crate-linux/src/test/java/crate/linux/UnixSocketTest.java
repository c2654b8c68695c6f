package crate.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The msghdr layout, and fds really passed over socketpairs and a socket file of this process. */
class UnixSocketTest {

    @Test
    void msghdrToSendPointsAtItsIovecControlAndPayload() {
        try (ScmRights message = ScmRights.toSend("/dev/ptmx".getBytes(StandardCharsets.UTF_8), 42)) {
            var block = message.block();
            long base = com.sun.jna.Pointer.nativeValue(block);
            assertEquals(56, ScmRights.IOVEC_AT);
            assertEquals(0L, block.getLong(ScmRights.MSG_NAME));
            assertEquals(0, block.getInt(ScmRights.MSG_NAMELEN));
            assertEquals(base + 56, com.sun.jna.Pointer.nativeValue(block.getPointer(ScmRights.MSG_IOV)));
            assertEquals(1L, block.getLong(ScmRights.MSG_IOVLEN));
            assertEquals(base + 72, com.sun.jna.Pointer.nativeValue(block.getPointer(ScmRights.MSG_CONTROL)));
            assertEquals(24L, block.getLong(ScmRights.MSG_CONTROLLEN)); // CMSG_SPACE(sizeof(int))
            assertEquals(0, block.getInt(ScmRights.MSG_FLAGS));
            // iovec: the payload right after the control buffer
            assertEquals(base + 96, com.sun.jna.Pointer.nativeValue(block.getPointer(56)));
            assertEquals(9L, block.getLong(64));
            // cmsghdr: CMSG_LEN(sizeof(int)), SOL_SOCKET, SCM_RIGHTS, then the fd
            assertEquals(20L, block.getLong(72));
            assertEquals(1, block.getInt(80));
            assertEquals(1, block.getInt(84));
            assertEquals(42, block.getInt(88));
            assertArrayEquals("/dev/ptmx".getBytes(StandardCharsets.UTF_8), block.getByteArray(96, 9));
        }
    }

    @Test
    void anEmptyPayloadStillSendsOneByte() {
        try (ScmRights message = ScmRights.toSend(new byte[0], 7)) {
            assertEquals(1L, message.block().getLong(ScmRights.IOVEC_AT + 8));
            assertEquals(0, message.block().getByte(ScmRights.PAYLOAD_AT));
        }
    }

    @Test
    void aPipePassedOverASocketpairWritesIntoTheSamePipe() throws Exception {
        int[] sockets = UnixSocket.pair();
        int[] pipe = Fds.pipe();
        int received = -1;
        try {
            UnixSocket.sendFd(sockets[0], pipe[1], "the pipe");
            Optional<UnixSocket.Received> message = UnixSocket.receiveFd(sockets[1], 64);
            assertTrue(message.isPresent());
            received = message.get().fd();
            assertEquals("the pipe", message.get().payload());
            assertNotEquals(pipe[1], received, "a new fd in this process");
            Syscalls.closeQuietly(pipe[1]);
            pipe[1] = -1;
            Fds.writeAll(received, "through".getBytes(StandardCharsets.UTF_8));
            Syscalls.closeQuietly(received);
            received = -1;
            byte[] buf = new byte[16];
            int n = Fds.readFully(pipe[0], buf); // EOF: the received fd was the last write end
            assertEquals("through", new String(buf, 0, n, StandardCharsets.UTF_8));
        } finally {
            Syscalls.closeQuietly(received);
            Syscalls.closeQuietly(pipe[0]);
            Syscalls.closeQuietly(pipe[1]);
            Syscalls.closeQuietly(sockets[0]);
            Syscalls.closeQuietly(sockets[1]);
        }
    }

    @Test
    void receivedFdsAreCloseOnExec() throws Exception {
        int[] sockets = UnixSocket.pair();
        int[] pipe = Fds.pipe();
        try {
            UnixSocket.sendFd(sockets[0], pipe[0], "");
            int received = UnixSocket.receiveFd(sockets[1], 8).orElseThrow().fd();
            try {
                String fdinfo = Files.readString(Path.of("/proc/self/fdinfo/" + received));
                String flags = fdinfo.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
                int octal = Integer.parseInt(flags.substring(6).trim(), 8);
                assertEquals(Syscalls.O_CLOEXEC, octal & Syscalls.O_CLOEXEC, fdinfo);
            } finally {
                Syscalls.closeQuietly(received);
            }
        } finally {
            Arrays.stream(new int[] {pipe[0], pipe[1], sockets[0], sockets[1]}).forEach(Syscalls::closeQuietly);
        }
    }

    @Test
    void receiveAfterThePeerClosedIsEmpty() throws Exception {
        int[] sockets = UnixSocket.pair();
        Syscalls.closeQuietly(sockets[0]);
        try {
            assertTrue(UnixSocket.receiveFd(sockets[1], 8).isEmpty());
        } finally {
            Syscalls.closeQuietly(sockets[1]);
        }
    }

    @Test
    void aMessageWithoutAnFdIsAnError() throws Exception {
        int[] sockets = UnixSocket.pair();
        try {
            Fds.writeAll(sockets[0], "no fd".getBytes(StandardCharsets.UTF_8));
            CrateException e = assertThrows(CrateException.class, () -> UnixSocket.receiveFd(sockets[1], 8));
            assertTrue(e.getMessage().contains("without a file descriptor"), e.getMessage());
        } finally {
            Syscalls.closeQuietly(sockets[0]);
            Syscalls.closeQuietly(sockets[1]);
        }
    }

    @Test
    void listenAcceptAndConnectThroughASocketFile(@TempDir Path dir) throws Exception {
        String path = dir.resolve("console.sock").toString();
        int listening = UnixSocket.listen(path, 1);
        int client = -1;
        int server = -1;
        int[] pipe = Fds.pipe();
        try {
            client = UnixSocket.connect(path); // queued in the backlog: accept can come after
            server = UnixSocket.accept(listening);
            UnixSocket.sendFd(client, pipe[1], "/dev/ptmx");
            UnixSocket.Received received = UnixSocket.receiveFd(server, 4096).orElseThrow();
            assertEquals("/dev/ptmx", received.payload());
            Syscalls.closeQuietly(received.fd());
        } finally {
            Arrays.stream(new int[] {listening, client, server, pipe[0], pipe[1]}).forEach(Syscalls::closeQuietly);
        }
    }

    @Test
    void connectNamesThePathAndTheErrno(@TempDir Path dir) {
        String path = dir.resolve("nobody-listens").toString();
        ErrnoException e = assertThrows(ErrnoException.class, () -> UnixSocket.connect(path));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("connect(" + path + "): "), e.getMessage());
    }

    @Test
    void tooLongAPathIsRefusedBeforeTheKernelCutsIt() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> UnixSocket.connect("/" + "x".repeat(107)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("at most 107"), e.getMessage());
    }
}
