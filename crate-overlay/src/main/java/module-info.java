/** Filesystems: a bundle's rootfs directory, an image's layers under overlayfs, and the host's root under a throwaway overlay layer. */
module crate.overlay {
    requires crate.api;
    requires crate.linux;

    provides crate.api.spi.Filesystem with crate.overlay.BundleFilesystem, crate.overlay.HostRootFilesystem,
            crate.overlay.ImageFilesystem;
}
