package crate.runtime;

import crate.api.CrateException;
import crate.api.spec.Mount;
import crate.api.spec.Spec;
import crate.api.spi.NetworkDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * /etc/hostname, /etc/hosts and /etc/resolv.conf of a container that a network driver
 * connects, as Docker gives them: written into the container's state directory and
 * bind-mounted over the rootfs's own (which stays untouched, also a read-only or shared one).
 * A mount of the spec's own at one of these paths wins.
 */
final class NetworkFiles {
    /** Docker's choice when the host has only loopback nameservers, which a container cannot reach. */
    static final List<String> FALLBACK_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    /** systemd-resolved's list of the real upstream servers behind its 127.0.0.53 stub. */
    private static final Path RESOLVED_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");
    private static final Path HOST_HOSTS = Path.of("/etc/hosts");

    private NetworkFiles() {}

    /**
     * Writes the files into {@code dir} and returns the spec with their bind mounts.
     *
     * @param attachment what the driver reported ({@link NetworkDriver#ADDRESS}, {@link NetworkDriver#NAMESERVERS})
     * @param hostNetwork the container shares the host's network namespace: the host's hosts
     *     and resolv.conf as they are
     */
    static Spec write(Path dir, Spec spec, Map<String, String> attachment, boolean hostNetwork) throws CrateException {
        Map<String, String> files = new LinkedHashMap<>();
        if (spec.hostname() != null && !spec.hostname().isEmpty()) {
            files.put("hostname", spec.hostname() + "\n");
        }
        files.put("hosts", hostNetwork ? read(HOST_HOSTS).orElse(hosts(null, null))
                : hosts(spec.hostname(), attachment.get(NetworkDriver.ADDRESS)));
        String hostResolv = read(HOST_RESOLV_CONF).orElse("");
        files.put("resolv.conf", hostNetwork ? hostResolv : resolvConf(hostResolv, read(RESOLVED_UPSTREAM),
                Optional.ofNullable(attachment.get(NetworkDriver.NAMESERVERS))));
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        for (Map.Entry<String, String> file : files.entrySet()) {
            String destination = "/etc/" + file.getKey();
            Path source = dir.resolve(file.getKey());
            try {
                Files.writeString(source, file.getValue(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CrateException("cannot write " + source + ": " + e.getMessage(), e);
            }
            if (mounts.stream().noneMatch(m -> destination.equals(m.destination()))) {
                mounts.add(new Mount(destination, "bind", source.toString(), List.of("rbind", "rprivate")));
            }
        }
        return spec.withMounts(mounts);
    }

    /** Docker's /etc/hosts: localhost, the IPv6 names, and the container's address under its host name. */
    static String hosts(String hostname, String addressCidr) {
        StringBuilder hosts = new StringBuilder("""
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                fe00::0\tip6-localnet
                ff00::0\tip6-mcastprefix
                ff02::1\tip6-allnodes
                ff02::2\tip6-allrouters
                """);
        if (hostname != null && !hostname.isEmpty() && addressCidr != null) {
            int slash = addressCidr.indexOf('/');
            hosts.append(slash < 0 ? addressCidr : addressCidr.substring(0, slash)).append('\t').append(hostname).append('\n');
        }
        return hosts.toString();
    }

    /**
     * The container's resolv.conf: the driver's nameservers if it named any; else the host's
     * file without its loopback nameservers (systemd-resolved's upstream list when the host
     * has only its stub), and Docker's fallback servers when none is left. search and options
     * lines are kept.
     */
    static String resolvConf(String host, Optional<String> resolvedUpstream, Optional<String> driverNameservers) {
        List<String> kept = new ArrayList<>();
        List<String> nameservers = new ArrayList<>();
        for (String line : host.split("\n", -1)) {
            String[] words = line.strip().split("\\s+", -1);
            if (words[0].equals("nameserver") && words.length > 1) {
                if (!isLoopback(words[1])) {
                    nameservers.add(words[1]);
                }
            } else if (words[0].equals("search") || words[0].equals("domain") || words[0].equals("options")) {
                kept.add(line.strip());
            }
        }
        if (driverNameservers.isPresent() && !driverNameservers.get().isBlank()) {
            nameservers = Arrays.asList(driverNameservers.get().strip().split("\\s+", -1));
        } else if (nameservers.isEmpty() && resolvedUpstream.isPresent()) {
            return resolvConf(resolvedUpstream.get(), Optional.empty(), Optional.empty());
        }
        if (nameservers.isEmpty()) {
            nameservers = FALLBACK_NAMESERVERS;
        }
        StringBuilder out = new StringBuilder();
        nameservers.forEach(n -> out.append("nameserver ").append(n).append('\n'));
        kept.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1");
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
