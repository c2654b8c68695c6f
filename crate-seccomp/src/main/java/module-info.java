/**
 * Isolator: the process's credentials (user, groups, umask), resource limits, oom_score_adj,
 * capabilities and no_new_privs; AppArmor and SELinux labels; seccomp joins it with the security
 * hardening.
 */
module crate.seccomp {
    requires crate.api;
    requires crate.linux;

    provides crate.api.spi.Isolator with crate.seccomp.CredentialsIsolator, crate.seccomp.LsmIsolator;
}
