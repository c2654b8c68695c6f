package crate.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;

/**
 * One entry of the runtime-spec {@code process.rlimits}: a resource limit of the container's
 * process. The spec's values are uint64 (RLIM_INFINITY is 2^64-1), beyond Java's long:
 * hence {@link BigInteger}.
 *
 * @param type the resource as getrlimit(2) names it, such as {@code RLIMIT_NOFILE}
 * @param hard the ceiling (rlim_max)
 * @param soft the limit enforced (rlim_cur)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Rlimit(String type, BigInteger hard, BigInteger soft) {

    /** The largest value of a uint64, which the kernel reads as RLIM_INFINITY. */
    public static final BigInteger UNLIMITED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public static Rlimit of(String type, long hard, long soft) {
        return new Rlimit(type, BigInteger.valueOf(hard), BigInteger.valueOf(soft));
    }
}
