package crate.runtime;

import crate.linux.Syscalls;
import java.util.List;

/** A JVM whose second thread execve's {@code sleep 5}, as init does into the start gate (InitProcessTest). */
public final class ExecFromThread {
    private ExecFromThread() {}

    public static void main(String[] args) throws Exception {
        Thread exec = new Thread(() -> {
            try {
                Thread.sleep(Long.parseLong(args[0]));
                Syscalls.execve("/bin/sleep", List.of("sleep", "5"), List.of());
            } catch (Exception e) {
                System.exit(3);
            }
        });
        exec.start();
        exec.join();
    }
}
