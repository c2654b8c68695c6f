package crate.runtime;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.IntConsumer;

/**
 * Handlers for the signals the JVM lets applications take (INT, TERM, HUP, WINCH, ...),
 * through {@code sun.misc.Signal} of the jdk.unsupported module, which is there for exactly
 * this. It is reached reflectively: javac warns on every compile-time use of sun.misc and
 * offers no way to acknowledge it, and the build treats warnings as errors.
 */
final class JvmSignals {
    private static final Class<?> SIGNAL;
    private static final Class<?> HANDLER;
    private static final Method HANDLE;
    private static final Method NUMBER;

    static {
        try {
            SIGNAL = Class.forName("sun.misc.Signal");
            HANDLER = Class.forName("sun.misc.SignalHandler");
            HANDLE = SIGNAL.getMethod("handle", SIGNAL, HANDLER);
            NUMBER = SIGNAL.getMethod("getNumber");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JvmSignals() {}

    /** A handler installed by {@link #handle}; {@link #restore()} puts the previous one back. */
    interface Installed {
        void restore();
    }

    /**
     * Calls {@code handler} with the signal's number each time signal {@code name} ("INT")
     * arrives, on the JVM's signal dispatcher thread. A signal the JVM inherited as ignored
     * stays ignored (nohup).
     *
     * @throws IllegalArgumentException if the JVM does not let applications handle this signal
     */
    static Installed handle(String name, IntConsumer handler) {
        try {
            Object signal = SIGNAL.getConstructor(String.class).newInstance(name);
            Object proxy = Proxy.newProxyInstance(JvmSignals.class.getClassLoader(), new Class<?>[] {HANDLER},
                    (self, method, args) -> {
                        if (method.getName().equals("handle") && args != null && args.length == 1) {
                            handler.accept((Integer) NUMBER.invoke(args[0]));
                            return null;
                        }
                        return switch (method.getName()) {
                            case "toString" -> "crate handler for SIG" + name;
                            case "hashCode" -> System.identityHashCode(self);
                            case "equals" -> self == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    });
            Object previous;
            try {
                previous = HANDLE.invoke(null, signal, proxy);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException refused) {
                    throw refused;
                }
                throw e;
            }
            return () -> {
                try {
                    HANDLE.invoke(null, signal, previous);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot restore the handler of SIG" + name, e);
                }
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIG" + name, e);
        }
    }
}
