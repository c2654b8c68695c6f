package crate.seccomp.profile;

/** A kernel release's major and minor version, as Docker's minKernel compares them. */
record KernelVersion(int major, int minor) {
    /** The running kernel (os.version, e.g. "6.18.0-1-amd64"). */
    static KernelVersion running() {
        return parse(System.getProperty("os.version", "0.0"));
    }

    static KernelVersion parse(String release) {
        String[] parts = release.split("[.-]", 3);
        try {
            return new KernelVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a kernel version: " + release, e);
        }
    }

    boolean atLeast(String minimum) {
        KernelVersion other = parse(minimum);
        return major != other.major ? major > other.major : minor >= other.minor;
    }
}
