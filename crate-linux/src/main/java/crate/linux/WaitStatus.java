package crate.linux;

/** A wait(2) status, decoded. */
public record WaitStatus(int raw) {

    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public boolean signaled() {
        return !exited() && (raw & 0x7f) != 0x7f;
    }

    public int signal() {
        return raw & 0x7f;
    }

    /** The status a shell reports: the exit code, or 128 + the signal that killed it. */
    public int shellStatus() {
        return signaled() ? 128 + signal() : exitCode();
    }
}
