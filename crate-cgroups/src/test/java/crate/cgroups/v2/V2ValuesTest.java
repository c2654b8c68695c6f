package crate.cgroups.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V2ValuesTest {
    @ParameterizedTest
    @CsvSource({"0,0", "2,1", "1024,39", "512,20", "262144,10000", "1,1"})
    void cpuSharesBecomeWeightAsRuncComputesThem(long shares, long weight) {
        assertEquals(weight, V2Values.cpuWeight(shares));
    }

    @ParameterizedTest
    @CsvSource({"0,0", "10,1", "500,4950", "1000,10000", "100,910"})
    void blkioWeightsBecomeIoWeights(long blkio, long io) {
        assertEquals(io, V2Values.ioWeight(blkio));
    }

    @Test
    void limitsMinusOneIsMaxAndZeroIsUnset() {
        assertEquals(Optional.of("max"), V2Values.limit(-1L));
        assertEquals(Optional.of("8388608"), V2Values.limit(8388608L));
        assertEquals(Optional.empty(), V2Values.limit(0L));
        assertEquals(Optional.empty(), V2Values.limit(null));
    }

    @Test
    void pidsLimitZeroOrLessIsMax() {
        assertEquals(Optional.of("max"), V2Values.pidsMax(0L));
        assertEquals(Optional.of("max"), V2Values.pidsMax(-1L));
        assertEquals(Optional.of("100"), V2Values.pidsMax(100L));
        assertEquals(Optional.empty(), V2Values.pidsMax(null));
    }

    @Test
    void swapIsMemoryPlusSwapInTheSpecAndSwapAloneOnV2() throws Exception {
        assertEquals(Optional.of("0"), V2Values.swapMax(100L, 100L));
        assertEquals(Optional.of("50"), V2Values.swapMax(150L, 100L));
        assertEquals(Optional.of("max"), V2Values.swapMax(-1L, 100L));
        assertEquals(Optional.of("max"), V2Values.swapMax(null, -1L));
        assertEquals(Optional.empty(), V2Values.swapMax(null, 100L));
        assertEquals(Optional.empty(), V2Values.swapMax(0L, 100L));
    }

    @Test
    void swapWithoutAMemoryLimitOrBelowItIsRefused() {
        assertThrows(CrateException.class, () -> V2Values.swapMax(100L, null));
        assertThrows(CrateException.class, () -> V2Values.swapMax(100L, -1L));
        assertThrows(CrateException.class, () -> V2Values.swapMax(50L, 100L));
    }

    @Test
    void cpuMaxIsQuotaAndPeriod() {
        assertEquals(Optional.of("50000 100000"), V2Values.cpuMax(50000L, 100000L));
        assertEquals(Optional.of("max 100000"), V2Values.cpuMax(-1L, 100000L));
        assertEquals(Optional.of("max 100000"), V2Values.cpuMax(0L, 100000L));
        assertEquals(Optional.of("20000"), V2Values.cpuMax(20000L, null));
        assertEquals(Optional.of("max"), V2Values.cpuMax(-1L, null));
        assertEquals(Optional.empty(), V2Values.cpuMax(null, null));
        assertEquals(Optional.empty(), V2Values.cpuMax(0L, 0L));
    }
}
