package crate.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.linux.ip.Ipv4Address;
import crate.linux.ip.Ipv4Subnet;
import crate.api.CrateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Threads of one JVM, each with its own IpLeases over one directory, exclude each other through flock. */
class ConcurrentLeasesTest {
    private static final int THREADS = 50;

    @TempDir Path tmp;

    private <T> List<T> inParallel(int count, ThrowingFunction<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.apply(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    @FunctionalInterface
    private interface ThrowingFunction<T> {
        T apply(int index) throws CrateException;
    }

    private IpLeases open(String subnet) throws CrateException {
        return IpLeases.open(tmp.resolve("net"), "crate0", Ipv4Subnet.parse(subnet));
    }

    @Test
    void fiftyThreadsGetFiftyDistinctAddressesAndGiveThemAllBack() throws Exception {
        // A /26 has 61 addresses for containers: the search wraps and contends.
        List<Ipv4Address> addresses = inParallel(THREADS, i -> open("10.77.0.0/26").allocate("c" + i));
        assertEquals(THREADS, new HashSet<>(addresses).size(), addresses.toString());
        Map<Ipv4Address, String> leases = open("10.77.0.0/26").leases();
        assertEquals(THREADS, leases.size());
        for (int i = 0; i < THREADS; i++) {
            assertEquals("c" + i, leases.get(addresses.get(i)));
        }
        List<Ipv4Address> released = inParallel(THREADS, i -> open("10.77.0.0/26").release("c" + i).orElseThrow());
        assertEquals(addresses, released);
        assertEquals(Map.of(), open("10.77.0.0/26").leases());
    }

    @Test
    void moreThreadsThanAddressesFillTheSubnetAndTheRestAreRefused() throws Exception {
        // A /27 has 29 addresses for containers.
        List<String> outcomes = inParallel(THREADS, i -> {
            try {
                return open("10.77.0.0/27").allocate("c" + i).toString();
            } catch (CrateException e) {
                return e.getMessage();
            }
        });
        Set<String> addresses = new HashSet<>();
        int refused = 0;
        for (String outcome : outcomes) {
            if (outcome.startsWith("network crate0 (10.77.0.0/27): no free address (30 in use)")) {
                refused++;
            } else {
                addresses.add(outcome);
            }
        }
        assertEquals(29, addresses.size(), outcomes.toString());
        assertEquals(THREADS - 29, refused, outcomes.toString());
    }
}
