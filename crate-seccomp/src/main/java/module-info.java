/**
 * Isolator: the process's credentials (user, groups, umask) and no_new_privs; capabilities,
 * seccomp and rlimits join it with the security hardening.
 */
module crate.seccomp {
    requires crate.api;
    requires crate.linux;

    provides crate.api.spi.Isolator with crate.seccomp.CredentialsIsolator;
}
