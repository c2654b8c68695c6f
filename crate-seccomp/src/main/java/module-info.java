/**
 * Isolator: the process's credentials (user, groups, umask), resource limits, oom_score_adj
 * and no_new_privs; capabilities and seccomp join it with the security hardening.
 */
module crate.seccomp {
    requires crate.api;
    requires crate.linux;

    provides crate.api.spi.Isolator with crate.seccomp.CredentialsIsolator;
}
