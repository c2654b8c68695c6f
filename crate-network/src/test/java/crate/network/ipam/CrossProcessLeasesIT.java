package crate.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Subnet;
import crate.linux.FilesAt;
import crate.linux.Syscalls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs on one lease directory: concurrent allocations never share an address, and a
 * process killed with SIGKILL in the middle of its work leaves a directory that the next
 * allocation and {@link IpLeases#reclaim} put right.
 */
class CrossProcessLeasesIT {
    private static final String SUBNET = "10.66.0.0/24";
    private static final int PROCESSES = 5;
    private static final int THREADS_EACH = 10;

    @TempDir Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() throws Exception {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly(); // SIGKILL to this child's pid only
            }
            process.waitFor();
        }
    }

    private Path directory() {
        return tmp.resolve("crate0");
    }

    private IpLeases leases() throws Exception {
        return IpLeases.open(directory(), "crate0", Ipv4Subnet.parse(SUBNET));
    }

    private Process start(String... command) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), LeaseMain.class.getName(), directory().toString(), SUBNET));
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    /** Runs one allocate/release child per process, all at once; the "LEASE ID ADDRESS" lines of all. */
    private Map<String, String> runAll(String action) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(start(action, "p" + p + "-", Integer.toString(THREADS_EACH)));
        }
        Map<String, String> byContainer = new HashMap<>();
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), output);
            for (String line : output.lines().toList()) {
                String[] fields = line.split(" ", -1);
                if (fields.length == 3 && fields[0].equals("LEASE")) {
                    byContainer.put(fields[1], fields[2]);
                }
            }
        }
        return byContainer;
    }

    private List<String> tmpFiles() throws Exception {
        try (Stream<Path> files = Files.list(directory().resolve("tmp"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void fiftyAllocationsFromFiveProcessesGetDistinctAddressesAndAllComeBack() throws Exception {
        Map<String, String> allocated = runAll("allocate");
        assertEquals(PROCESSES * THREADS_EACH, allocated.size(), allocated.toString());
        assertEquals(PROCESSES * THREADS_EACH, new HashSet<>(allocated.values()).size(), allocated.toString());
        NavigableMap<Ipv4Address, String> onDisk = leases().leases();
        assertEquals(PROCESSES * THREADS_EACH, onDisk.size());
        for (Map.Entry<String, String> lease : allocated.entrySet()) {
            assertEquals(lease.getKey(), onDisk.get(Ipv4Address.parse(lease.getValue())));
        }

        Map<String, String> released = runAll("release");
        assertEquals(allocated, released);
        assertEquals(Map.of(), leases().leases());
        assertEquals(List.of(), tmpFiles());
    }

    @Test
    void aProcessKilledWhileAllocatingLeavesACompleteLeaseOrNoneAndReclaimFreesIt() throws Exception {
        Ipv4Address kept = leases().allocate("keeper");
        Process churn = start("churn", "churn-");
        BufferedReader out = new BufferedReader(new InputStreamReader(churn.getInputStream(), StandardCharsets.UTF_8));
        // Let it go round many times, then kill it wherever it is: inside or outside the lock.
        for (int ops = 0; ops < 200; ops++) {
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("OP "), "churn ended: " + line);
        }
        churn.destroyForcibly();
        churn.waitFor();
        assertFalse(churn.isAlive());

        // Whatever the moment: every file in leases/ is a complete lease (leases() would throw),
        // the keeper's is intact, and the dead process holds at most the one it was taking.
        NavigableMap<Ipv4Address, String> after = leases().leases();
        assertEquals("keeper", after.get(kept));
        assertTrue(after.size() <= 2, after.toString());
        after.values().forEach(id -> assertTrue(id.equals("keeper") || id.startsWith("churn-"), id));

        NavigableMap<Ipv4Address, String> freed = leases().reclaim(id -> !id.startsWith("churn-"));
        assertEquals(after.size() - 1, freed.size());
        assertEquals(Map.of(kept, "keeper"), leases().leases());
        Ipv4Address fresh = leases().allocate("next");
        assertFalse(fresh.equals(kept));
        assertEquals(List.of(), tmpFiles());
    }

    @Test
    void theLockOfAProcessKilledHoldingItIsFreed() throws Exception {
        leases().allocate("keeper");
        Process holder = start("hold");
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("LOCKED", out.readLine());
        int fd = FilesAt.open(directory().resolve("lock").toString(), Syscalls.O_RDWR, 0);
        try {
            assertFalse(FilesAt.tryLock(fd, true), "the child holds the lock");
            holder.destroyForcibly();
            holder.waitFor();
            assertTrue(FilesAt.tryLock(fd, true), "the kernel dropped the dead child's lock");
        } finally {
            Syscalls.closeQuietly(fd);
        }
        assertEquals("10.66.0.3", leases().allocate("after").toString());
    }
}
