package crate.network.ipam;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Subnet;
import crate.linux.FlockFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A second process for {@link CrossProcessLeasesIT}, on the leases in directory args[0] with
 * subnet args[1]. args[2] says what to do:
 *
 * <ul>
 *   <li>{@code allocate PREFIX N} / {@code release PREFIX N}: N threads at once, for the
 *       containers PREFIX0 .. PREFIX(N-1), printing "LEASE ID ADDRESS" for each;
 *   <li>{@code churn PREFIX}: allocates and releases PREFIX0, PREFIX1, ... forever, printing
 *       "OP K" after each allocation, until killed;
 *   <li>{@code hold}: takes the lock, prints "LOCKED" and waits until killed.
 * </ul>
 */
public final class LeaseMain {
    private LeaseMain() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        Ipv4Subnet subnet = Ipv4Subnet.parse(args[1]);
        switch (args[2]) {
            case "allocate", "release" -> inThreads(directory, subnet, args[2].equals("allocate"), args[3], Integer.parseInt(args[4]));
            case "churn" -> churn(IpLeases.open(directory, "crate0", subnet), args[3]);
            case "hold" -> hold(directory);
            default -> throw new IllegalArgumentException(args[2]);
        }
    }

    private static void inThreads(Path directory, Ipv4Subnet subnet, boolean allocate, String prefix, int count)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    IpLeases leases = IpLeases.open(directory, "crate0", subnet);
                    String address = allocate ? leases.allocate(id).toString() : leases.release(id).map(Ipv4Address::toString).orElse("none");
                    synchronized (System.out) {
                        System.out.println("LEASE " + id + " " + address);
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " failed", failures.getFirst());
        }
    }

    private static void churn(IpLeases leases, String prefix) throws Exception {
        for (long k = 0; ; k++) {
            leases.allocate(prefix + k);
            System.out.println("OP " + k);
            System.out.flush();
            leases.release(prefix + k);
        }
    }

    private static void hold(Path directory) throws Exception {
        try (FlockFile lock = FlockFile.exclusive(directory.resolve("lock"))) {
            System.out.println("LOCKED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
