package crate.seccomp;

import crate.api.CrateException;
import crate.api.spec.Process;
import crate.api.spi.ContainerContext;
import crate.api.spi.Isolator;
import crate.linux.Lsm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code process.apparmorProfile} and {@code process.selinuxLabel}: the label the process is
 * executed under, set on the thread that executes it, still as root and before the
 * credentials isolator drops anything (runc applies them at the same point). The runtime
 * refuses a label for a module the host lacks before anything is created (SpecValidator).
 */
public final class LsmIsolator implements Isolator {
    @Override
    public String name() {
        return "lsm";
    }

    @Override
    public int order() {
        return ORDER_CREDENTIALS - 100;
    }

    @Override
    public void enter(ContainerContext container, Path rootfs) throws CrateException {
        enterExec(container);
    }

    @Override
    public void enterExec(ContainerContext container) throws CrateException {
        Process process = container.spec().process();
        apply(Lsm.APPARMOR, "process.apparmorProfile", process.apparmorProfile());
        apply(Lsm.SELINUX, "process.selinuxLabel", process.selinuxLabel());
    }

    private static void apply(Lsm lsm, String field, String label) throws CrateException {
        if (label == null || label.isEmpty()) {
            return;
        }
        Lsm.ExecLabel exec = lsm.execLabel(label);
        try {
            Files.writeString(exec.file(), exec.content(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CrateException(field + " \"" + label + "\": cannot set it on exec (" + exec.file() + "): "
                    + e.getMessage(), e);
        }
    }
}
