package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import crate.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start gate as a real program: run from a file with a FIFO of the test's (the protocol
 * is the same through /proc/self/fd in a container). Its source must still assemble to the
 * bytes crate carries.
 */
class StartGateTest {
    @TempDir
    Path dir;
    private Path gate;
    private Path fifo;

    @BeforeEach
    void writeGate() throws Exception {
        assumeTrue(StartGate.program().isPresent(), "no start gate for " + System.getProperty("os.arch"));
        gate = dir.resolve("gate");
        Files.write(gate, StartGate.program().get());
        Files.setPosixFilePermissions(gate, PosixFilePermissions.fromString("rwx------"));
        fifo = dir.resolve("exec.fifo");
        Syscalls.mkfifo(fifo.toString(), 0600);
    }

    @Test
    void elfHeaderPointsAtTheCode() {
        byte[] elf = StartGate.elf(new byte[] {(byte) 0xc3}, (short) 62);
        ByteBuffer header = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x7f454c46, ByteBuffer.wrap(elf).getInt(0), "magic");
        assertEquals(2, header.getShort(16), "ET_EXEC");
        assertEquals(62, header.getShort(18), "e_machine");
        assertEquals(0x400000 + 120, header.getLong(24), "entry: right after the headers");
        assertEquals(121, header.getLong(64 + 32), "p_filesz: the whole file");
        assertEquals((byte) 0xc3, elf[120]);
    }

    @Test
    void writesTheStartByteThenRunsTheProcessWithItsEnvironment() throws Exception {
        Process process = start(List.of("/bin/sh", "sh", "-c", "echo \"$GREETING\" $0 $1", "a", "b"), "GREETING=hello there");
        assertEquals("0", readFifo());
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertEquals("hello there a b\n", output(process.getInputStream()));
    }

    @Test
    void aMissingExecutableIsReportedOnTheFifoAndStderrWith127() throws Exception {
        Process process = start(List.of(dir.resolve("gone").toString(), "gone"), "A=1");
        assertEquals("0F", readFifo());
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(127, process.exitValue());
        assertEquals("crate: cannot execute the container's process\n", output(process.getErrorStream()));
    }

    @Test
    void aFileThatIsNotExecutableEndsWith126() throws Exception {
        Path text = Files.writeString(dir.resolve("text"), "not a program");
        Process process = start(List.of(text.toString(), "text"), "A=1");
        assertEquals("0F", readFifo());
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(126, process.exitValue());
    }

    @Test
    void sigtermWhileWaitingEndsItWith143() throws Exception {
        // As PID 1 of a PID namespace a signal without a handler would be ignored: the gate has one.
        Process waiting = start(List.of("/bin/true", "true"), "A=1");
        Thread.sleep(200); // blocked opening the FIFO: no reader yet
        waiting.destroy(); // SIGTERM
        assertTrue(waiting.waitFor(10, TimeUnit.SECONDS));
        assertEquals(143, waiting.exitValue());
    }

    @Test
    void theSourceAssemblesToTheCarriedBytes() throws Exception {
        Path source = Path.of("src/main/asm/start-gate-x86_64.s");
        assumeTrue(Files.exists(source) && onPath("as") && onPath("ld") && onPath("objcopy"), "binutils not installed");
        run(dir, "as", "--64", "-o", "gate.o", source.toAbsolutePath().toString());
        run(dir, "ld", "-N", "-e", "_start", "-o", "gate.elf", "gate.o");
        run(dir, "objcopy", "-O", "binary", "-j", ".text", "gate.elf", "gate.bin");
        assertArrayEquals(Files.readAllBytes(dir.resolve("gate.bin")), HexFormat.of().parseHex(StartGate.X86_64_CODE),
                "StartGate.X86_64_CODE is not start-gate-x86_64.s: copy the new bytes");
    }

    private Process start(List<String> executableAndArgs, String env) throws IOException {
        List<String> argv = new ArrayList<>(StartGate.argv(1000, executableAndArgs.getFirst(),
                executableAndArgs.subList(1, executableAndArgs.size())));
        argv.set(0, gate.toString());
        argv.set(1, fifo.toString()); // no fd 1000 here: the gate's close of it fails, harmlessly
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().put(env.substring(0, env.indexOf('=')), env.substring(env.indexOf('=') + 1));
        return builder.start();
    }

    /** What the gate writes on the FIFO until it closes it (by exec or by exit). */
    private String readFifo() throws IOException {
        try (InputStream in = Files.newInputStream(fifo)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String output(InputStream stream) throws IOException {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = output(process.getInputStream());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
    }
}
