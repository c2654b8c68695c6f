package crate.seccomp.compiler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * System call names to numbers for one architecture, read from the {@code ARCH.syscalls}
 * resource beside this class (generated from the kernel's uapi headers).
 */
public final class SyscallTable {
    private static final Map<Arch, SyscallTable> LOADED = Collections.synchronizedMap(new EnumMap<>(Arch.class));

    private final Map<String, Integer> numbers;
    private final int highest;

    private SyscallTable(Map<String, Integer> numbers) {
        this.numbers = Map.copyOf(numbers);
        this.highest = numbers.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    public static SyscallTable of(Arch arch) {
        return LOADED.computeIfAbsent(arch, SyscallTable::load);
    }

    /** The number of {@code name}, if this architecture has that call. */
    public OptionalInt number(String name) {
        Integer number = numbers.get(name);
        return number == null ? OptionalInt.empty() : OptionalInt.of(number);
    }

    /** The highest number in the table: calls above it are newer than crate knows. */
    public int highest() {
        return highest;
    }

    /** Every name in the table. */
    public Set<String> names() {
        return numbers.keySet();
    }

    private static SyscallTable load(Arch arch) {
        String resource = arch.table() + ".syscalls";
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Map<String, Integer> numbers = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                numbers.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1).strip()));
            }
            return new SyscallTable(numbers);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
