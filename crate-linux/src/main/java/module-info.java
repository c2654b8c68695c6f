/**
 * The one place that talks to libc (through JNA): syscalls with errno turned
 * into exceptions, and the kernel's constants. Other modules declare no native bindings.
 */
module crate.linux {
    requires transitive crate.api;
    requires com.sun.jna;

    exports crate.linux;
    exports crate.linux.ip;
    exports crate.linux.netlink;

    // JNA's direct mapping registers natives reflectively (Zstd, NetlinkLibC; LibC calls
    // through JNA's Function instead, see there).
    opens crate.linux to com.sun.jna;
    opens crate.linux.netlink to com.sun.jna;
}
