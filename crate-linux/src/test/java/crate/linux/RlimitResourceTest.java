package crate.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RlimitResourceTest {

    @Test
    void namesMapToTheKernelsNumbers() {
        // <asm-generic/resource.h>, used by x86_64 and aarch64.
        List<String> names = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
                "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
                "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");
        for (int i = 0; i < names.size(); i++) {
            RlimitResource resource = RlimitResource.fromSpecName(names.get(i)).orElseThrow();
            assertEquals(i, resource.number(), names.get(i));
            assertEquals(names.get(i), resource.specName());
        }
        assertEquals(16, RlimitResource.values().length);
    }

    @Test
    void unknownNamesAreNotResources() {
        for (String name : List.of("NOFILE", "rlimit_nofile", "RLIMIT_FOO", "RLIMIT_", "")) {
            assertEquals(Optional.empty(), RlimitResource.fromSpecName(name), name);
        }
    }

    /** Against this JVM's own limits: read them, set one to what it is, read /proc back. */
    @Test
    void getAndSetMatchProcSelfLimits() throws Exception {
        long[] nofile = Syscalls.getrlimit(RlimitResource.NOFILE);
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        String[] fields = line.substring("Max open files".length()).trim().split("\\s+", 0);
        assertEquals(fields[0], Long.toUnsignedString(nofile[0]));
        assertEquals(fields[1].equals("unlimited") ? "-1" : fields[1], Long.toString(nofile[1]));
        Syscalls.setrlimit(RlimitResource.NOFILE, nofile[0], nofile[1]);
        assertArrayEquals(nofile, Syscalls.getrlimit(RlimitResource.NOFILE));
    }

    @Test
    void aSoftLimitAboveTheHardOneIsRefused() throws Exception {
        long[] core = Syscalls.getrlimit(RlimitResource.CORE);
        ErrnoException e = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                () -> Syscalls.setrlimit(RlimitResource.CORE, 2, 1));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("prlimit(RLIMIT_CORE, soft 2, hard 1): "), e.getMessage());
        assertArrayEquals(core, Syscalls.getrlimit(RlimitResource.CORE));
        assertTrue(Arrays.stream(RlimitResource.values()).allMatch(r -> r.specName().startsWith("RLIMIT_")));
    }
}
