/** Filesystems: a bundle's rootfs directory, and the host's root under a throwaway overlay layer. */
module crate.overlay {
    requires crate.api;
    requires crate.linux;

    provides crate.api.spi.Filesystem with crate.overlay.BundleFilesystem, crate.overlay.HostRootFilesystem;
}
