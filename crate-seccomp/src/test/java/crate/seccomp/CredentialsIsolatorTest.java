package crate.seccomp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spec.Rlimit;
import crate.api.spec.Root;
import crate.api.spec.Spec;
import crate.api.spi.ContainerContext;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What prepare refuses before anything exists: rlimits and oomScoreAdj. */
class CredentialsIsolatorTest {
    private final CredentialsIsolator isolator = new CredentialsIsolator();

    private static ContainerContext context(List<Rlimit> rlimits, Integer oomScoreAdj) {
        Process process = new Process(false, null, List.of("sh"), List.of(), "/", false)
                .withRlimits(rlimits).withOomScoreAdj(oomScoreAdj);
        Spec spec = new Spec("1.2.0", process, new Root("rootfs", false), null, null, List.of(), null, Map.of());
        return new ContainerContext("hooks-cred", "/b", spec, "bundle");
    }

    private String refused(List<Rlimit> rlimits, Integer oomScoreAdj) {
        CrateException e = assertThrows(CrateException.class, () -> isolator.prepare(context(rlimits, oomScoreAdj)));
        assertEquals(CrateException.RUNTIME_ERROR, e.exitStatus());
        return e.getMessage();
    }

    @Test
    void acceptsValidLimitsAndScores() {
        assertDoesNotThrow(() -> isolator.prepare(context(List.of(Rlimit.of("RLIMIT_NOFILE", 1024, 512),
                new Rlimit("RLIMIT_CORE", Rlimit.UNLIMITED, Rlimit.UNLIMITED)), -1000)));
        assertDoesNotThrow(() -> isolator.prepare(context(List.of(), 1000)));
        assertDoesNotThrow(() -> isolator.prepare(context(List.of(), null)));
    }

    @Test
    void anUnknownTypeIsRefusedWithTheKnownOnes() {
        String message = refused(List.of(Rlimit.of("RLIMIT_NOFILE", 1, 1), Rlimit.of("RLIMIT_BOGUS", 1, 1)), null);
        assertTrue(message.startsWith("config.json: process.rlimits[1].type: unknown resource \"RLIMIT_BOGUS\" (expected one of RLIMIT_CPU, "),
                message);
        assertTrue(message.endsWith("RLIMIT_RTTIME)"), message);
        assertEquals("config.json: process.rlimits[0].type is missing", refused(List.of(Rlimit.of(null, 1, 1)), null));
    }

    @Test
    void aTypeListedTwiceIsRefused() {
        assertEquals("config.json: process.rlimits[1]: RLIMIT_NOFILE is listed twice",
                refused(List.of(Rlimit.of("RLIMIT_NOFILE", 10, 10), Rlimit.of("RLIMIT_NOFILE", 20, 20)), null));
    }

    @Test
    void valuesMustBeUint64WithSoftAtMostHard() {
        assertEquals("config.json: process.rlimits[0]: RLIMIT_CORE soft limit 11 is above its hard limit 10",
                refused(List.of(Rlimit.of("RLIMIT_CORE", 10, 11)), null));
        assertEquals("config.json: process.rlimits[0].hard -1 is not a uint64",
                refused(List.of(Rlimit.of("RLIMIT_CORE", -1, 0)), null));
        assertEquals("config.json: process.rlimits[0].soft 18446744073709551616 is not a uint64",
                refused(List.of(new Rlimit("RLIMIT_CORE", Rlimit.UNLIMITED, Rlimit.UNLIMITED.add(BigInteger.ONE))), null));
        assertEquals("config.json: process.rlimits[0].soft is missing",
                refused(List.of(new Rlimit("RLIMIT_CORE", BigInteger.ONE, null)), null));
    }

    @Test
    void oomScoreAdjMustBeBetweenMinus1000And1000() {
        assertEquals("config.json: process.oomScoreAdj 1001 is out of range (-1000 to 1000)", refused(List.of(), 1001));
        assertEquals("config.json: process.oomScoreAdj -1001 is out of range (-1000 to 1000)", refused(List.of(), -1001));
    }
}
