package crate.linux;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Linux signal names and numbers (the same on x86_64 and aarch64), parsed as runc's kill does. */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));
    private static final int SIGRTMAX = 64;

    private Signals() {}

    /** "TERM", "SIGTERM", "sigterm", "15", "RTMIN+3": the signal's number, or empty if unknown. */
    public static Optional<Integer> parse(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (value.length() > 3) {
                return Optional.empty();
            }
            int number = Integer.parseInt(value);
            return number >= 1 && number <= SIGRTMAX ? Optional.of(number) : Optional.empty();
        }
        String name = value.toUpperCase(Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        if (name.startsWith("RTMIN") || name.startsWith("RTMAX")) {
            return realtime(name);
        }
        return Optional.ofNullable(NUMBERS.get(name));
    }

    /** glibc's SIGRTMIN is 34 (32 and 33 are its own); RTMIN+n and RTMAX-n as kill(1) takes them. */
    private static Optional<Integer> realtime(String name) {
        try {
            int base = name.startsWith("RTMIN") ? 34 : SIGRTMAX;
            String offset = name.substring(5);
            int n = offset.isEmpty() ? 0 : Integer.parseInt(offset);
            int number = base + n;
            return number >= 34 && number <= SIGRTMAX ? Optional.of(number) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
