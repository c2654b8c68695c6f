package crate.seccomp.profile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import crate.api.CrateException;
import crate.api.spec.Features;
import crate.api.spec.LinuxSeccomp;
import crate.seccomp.compiler.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Seccomp profiles for {@code crate run}: the built-in default and profile files, resolved
 * for this host's architecture and a container's bounding set into {@code linux.seccomp}.
 */
public final class Profiles {
    private Profiles() {}

    /** Docker's default profile for a container whose bounding set is {@code caps}. */
    public static LinuxSeccomp builtIn(Collection<String> caps) throws CrateException {
        return resolve(DefaultProfile.profile(), caps);
    }

    /**
     * A profile file: the runtime-spec's {@code linux.seccomp} object or Docker's format
     * (archMap, includes and excludes), which reads as a superset of it.
     */
    public static LinuxSeccomp read(Path file, Collection<String> caps) throws CrateException {
        SeccompProfile profile;
        try {
            ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
            profile = mapper.readValue(Files.readAllBytes(file), SeccompProfile.class);
        } catch (NoSuchFileException e) {
            throw new CrateException("seccomp profile " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CrateException("seccomp profile " + file + ": " + e.getMessage(), e);
        }
        if (profile == null || profile.defaultAction() == null) {
            throw new CrateException("seccomp profile " + file + ": defaultAction is missing");
        }
        return resolve(profile, caps);
    }

    /** The seccomp part of {@code crate features}: what the compiler and the installer implement. */
    public static Features.Seccomp features() {
        return new Features.Seccomp(true,
                List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
                        "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"),
                List.of("SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ",
                        "SCMP_CMP_NE"),
                Arrays.stream(Arch.values()).map(Arch::specName).toList(),
                List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC",
                        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
                List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));
    }

    private static LinuxSeccomp resolve(SeccompProfile profile, Collection<String> caps) throws CrateException {
        Arch host = Arch.host();
        String goArch = host == Arch.AARCH64 ? "arm64" : "amd64";
        return profile.resolve(host.specName(), goArch, caps);
    }
}
