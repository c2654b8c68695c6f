package crate.linux;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One libc function, called through JNA's {@link Function} (libffi's generic call path: the
 * argument types are read from the boxed arguments at each call) and looked up by name at
 * its first call, so that a JVM resolves only what it calls. {@link LibC} says why this and
 * not JNA's direct mapping.
 */
final class LibcFunction {
    /**
     * The soname, not "c": for a bare name JNA searches the library path and runs
     * `ldconfig -p` (a fork) in every JVM that loads it.
     */
    private static final NativeLibrary LIBC = NativeLibrary.getInstance("libc.so.6");
    /**
     * String arguments go as UTF-8, as {@link NativeStrings}' argv and envp do and as
     * {@link Syscalls} counts their lengths (sethostname): not JNA's default, the locale's
     * native.encoding, which is ASCII in a JVM without a locale.
     */
    private static final Charset STRINGS = StandardCharsets.UTF_8;

    private final String name;
    private final int callFlags;
    /** Looked up at the first call; a race only looks it up twice. */
    private volatile Function function;

    private LibcFunction(String name, int callFlags) {
        this.name = name;
        this.callFlags = callFlags;
    }

    /**
     * A function that reports failure through errno: JNA clears errno before each call and
     * throws {@link com.sun.jna.LastErrorException} with it when the call set it (as direct
     * mapping does for a method that declares that exception).
     */
    static LibcFunction errno(String name) {
        return new LibcFunction(name, Function.THROW_LAST_ERROR);
    }

    /** A function whose result says all (it returns an error number, or cannot fail). */
    static LibcFunction plain(String name) {
        return new LibcFunction(name, Function.C_CONVENTION);
    }

    // Callers pass each argument with its C type's Java width (long for size_t, long and
    // syscall(2)'s arguments): libffi takes the type from the boxed value.
    int invokeInt(Object... args) {
        return function().invokeInt(cStrings(args));
    }

    long invokeLong(Object... args) {
        return function().invokeLong(cStrings(args));
    }

    void invokeVoid(Object... args) {
        function().invokeVoid(cStrings(args));
    }

    String invokeString(Object... args) {
        return function().invokeString(cStrings(args), false);
    }

    /**
     * Each String argument as its UTF-8 bytes and a NUL, which JNA passes as
     * it passes any byte[]. Given a String, JNA copies it into a {@code Memory} of its own,
     * whose allocation and cleaner made a call with a path cost twice a direct-mapped one.
     */
    private static Object[] cStrings(Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof String s) {
                byte[] bytes = s.getBytes(STRINGS);
                args[i] = Arrays.copyOf(bytes, bytes.length + 1);
            }
        }
        return args;
    }

    private Function function() {
        Function resolved = function;
        if (resolved == null) {
            resolved = LIBC.getFunction(name, callFlags);
            function = resolved;
        }
        return resolved;
    }
}
