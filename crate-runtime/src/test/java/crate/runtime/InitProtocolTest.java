package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.Hook;
import crate.api.spec.Hooks;
import crate.api.spec.Linux;
import crate.api.spec.LinuxNamespace;
import crate.api.spec.Mount;
import crate.api.spec.Process;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spec.User;
import crate.api.spi.ContainerContext;
import crate.linux.Fds;
import crate.linux.Syscalls;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Over real pipes (pipe2(2)), in this process only. */
class InitProtocolTest {
    private int[] pipe;

    @BeforeEach
    void open() throws Exception {
        pipe = Fds.pipe();
    }

    @AfterEach
    void close() {
        Syscalls.closeQuietly(pipe[0]);
        Syscalls.closeQuietly(pipe[1]);
    }

    private void closeWriteEnd() {
        Syscalls.closeQuietly(pipe[1]);
        pipe[1] = -1;
    }

    private static ContainerContext context() {
        Process process = new Process(false, new User(1000, 100, 022, List.of(10, 20)), List.of("sh", "-c", "echo é"),
                List.of("PATH=/bin", "TERM=xterm"), "/home", true);
        Linux linux = new Linux(List.of(new LinuxNamespace("mount", null), new LinuxNamespace("network", "/run/netns/x")),
                "rslave", List.of("/proc/kcore"), List.of("/proc/sys"), Map.of("net.ipv4.ip_forward", "1"), "/crate/c1");
        Spec spec = new Spec("1.2.0", process, new Root("rootfs", true), "box", "example.org",
                List.of(new Mount("/proc", "proc", "proc", List.of("nosuid"))), linux, Map.of("org.example", "yes"));
        return new ContainerContext("c1", "/var/lib/crate/c1", spec, "bundle");
    }

    @Test
    void contextRoundTrip() throws Exception {
        ContainerContext sent = context();
        InitProtocol.sendContext(pipe[1], sent, InitProtocol.WAIT_FOR_START);
        InitProtocol.Request received = InitProtocol.receiveRequest(pipe[0]).orElseThrow();
        assertEquals(sent, received.context());
        assertTrue(received.waitForStart());
    }

    @Test
    void withoutFlagsInitExecutesAtOnce() throws Exception {
        InitProtocol.sendContext(pipe[1], context(), 0);
        assertFalse(InitProtocol.receiveRequest(pipe[0]).orElseThrow().waitForStart());
    }

    @Test
    void readyIsOneZeroByte() throws Exception {
        InitProtocol.reportReady(pipe[1]);
        closeWriteEnd();
        assertInstanceOf(InitProtocol.Ready.class, InitProtocol.await(pipe[0]));
    }

    @Test
    void eofMeansExecutedToo() throws Exception {
        closeWriteEnd();
        assertInstanceOf(InitProtocol.Executed.class, InitProtocol.await(pipe[0]));
    }

    @Test
    void eofBeforeContextIsEmpty() throws Exception {
        closeWriteEnd();
        assertEquals(Optional.empty(), InitProtocol.receiveRequest(pipe[0]));
    }

    @Test
    void truncatedContextIsEmpty() throws Exception {
        Fds.writeAll(pipe[1], ByteBuffer.allocate(10).putInt(0).putInt(100).put((byte) '{').put((byte) '"').array());
        closeWriteEnd();
        assertEquals(Optional.empty(), InitProtocol.receiveRequest(pipe[0]));
    }

    @Test
    void badLengthIsAnError() throws Exception {
        Fds.writeAll(pipe[1], ByteBuffer.allocate(8).putInt(0).putInt(-1).array());
        CrateException e = assertThrows(CrateException.class, () -> InitProtocol.receiveRequest(pipe[0]));
        assertEquals("init: bad context length -1", e.getMessage());
    }

    @Test
    void failureRoundTrip() throws Exception {
        InitProtocol.reportFailure(pipe[1], 127, "\"nosuch\": executable file not found in $PATH (/bin) é");
        closeWriteEnd();
        assertEquals(Optional.of(new InitProtocol.Failure(127, "\"nosuch\": executable file not found in $PATH (/bin) é")),
                InitProtocol.awaitExec(pipe[0]));
    }

    @Test
    void statusIsUnsigned() throws Exception {
        InitProtocol.reportFailure(pipe[1], 255, "x");
        closeWriteEnd();
        assertEquals(255, InitProtocol.awaitExec(pipe[0]).orElseThrow().exitStatus());
    }

    @Test
    void failureWithoutMessage() throws Exception {
        InitProtocol.reportFailure(pipe[1], 125, "");
        closeWriteEnd();
        assertEquals(Optional.of(new InitProtocol.Failure(125, "the container's init failed without a message")),
                InitProtocol.awaitExec(pipe[0]));
    }

    @Test
    void eofMeansExecuted() throws Exception {
        closeWriteEnd();
        assertEquals(Optional.empty(), InitProtocol.awaitExec(pipe[0]));
    }

    @Test
    void longMessageIsCutTo64KiB() throws Exception {
        // More than a pipe holds: the reader runs alongside.
        CompletableFuture<Optional<InitProtocol.Failure>> read = CompletableFuture.supplyAsync(() -> {
            try {
                return InitProtocol.awaitExec(pipe[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        InitProtocol.reportFailure(pipe[1], 126, "x".repeat(100_000));
        closeWriteEnd();
        InitProtocol.Failure failure = read.get(30, TimeUnit.SECONDS).orElseThrow();
        assertEquals(126, failure.exitStatus());
        assertEquals(65535, failure.message().length());
        assertTrue(failure.message().chars().allMatch(c -> c == 'x'));
    }

    @Test
    void initStopsForRuntimeHooksOnlyWhenThereArePrestartOrCreateRuntimeHooks() {
        Spec spec = context().spec();
        Hook hook = new Hook("/h", null, null, null);
        assertFalse(InitProtocol.stopsForRuntimeHooks(spec));
        assertFalse(InitProtocol.stopsForRuntimeHooks(spec.withHooks(
                new Hooks(null, null, List.of(hook), List.of(hook), List.of(hook), List.of(hook)))));
        assertTrue(InitProtocol.stopsForRuntimeHooks(spec.withHooks(new Hooks(List.of(hook), null, null, null, null, null))));
        assertTrue(InitProtocol.stopsForRuntimeHooks(spec.withHooks(new Hooks(null, List.of(hook), null, null, null, null))));
    }

    @Test
    void stepReachedAndProceed() throws Exception {
        int[] back = Fds.pipe();
        try {
            // init: ready on pipe (its fd 4), waits on back (its fd 3); runtime: the other ends.
            CompletableFuture<Boolean> init = CompletableFuture.supplyAsync(() -> {
                try {
                    return InitProtocol.pauseForRuntime(pipe[1], back[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(Optional.empty(), InitProtocol.awaitStep(pipe[0], "its mounts were ready for the hooks"));
            assertFalse(init.isDone());
            InitProtocol.proceed(back[1]);
            assertTrue(init.get(5, TimeUnit.SECONDS));
        } finally {
            Syscalls.closeQuietly(back[0]);
            Syscalls.closeQuietly(back[1]);
        }
    }

    @Test
    void initGivesUpWhenTheRuntimeClosesInsteadOfAnswering() throws Exception {
        int[] back = Fds.pipe();
        Syscalls.closeQuietly(back[1]);
        try {
            assertFalse(InitProtocol.pauseForRuntime(pipe[1], back[0]));
        } finally {
            Syscalls.closeQuietly(back[0]);
        }
    }

    @Test
    void aFailureOfInitBeforeTheHooksIsReportedAsSuch() throws Exception {
        InitProtocol.reportFailure(pipe[1], 127, "\"x\": executable file not found");
        closeWriteEnd();
        assertEquals(Optional.of(new InitProtocol.Failure(127, "\"x\": executable file not found")),
                InitProtocol.awaitStep(pipe[0], "its mounts were ready for the hooks"));
    }

    @Test
    void initEndingSilentlyBeforeTheHooksIsAFailure() throws Exception {
        closeWriteEnd();
        Optional<InitProtocol.Failure> failure = InitProtocol.awaitStep(pipe[0], "its mounts were ready for the hooks");
        assertEquals(CrateException.RUNTIME_ERROR, failure.orElseThrow().exitStatus());
        assertTrue(failure.orElseThrow().message().contains("before its mounts were ready"), failure.toString());
    }
}
