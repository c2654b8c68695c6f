/**
 * Isolator: the process's credentials (user, groups, umask), resource limits, oom_score_adj,
 * capabilities, no_new_privs and seccomp (linux.seccomp compiled to classic BPF in Java);
 * AppArmor and SELinux labels. Exports the seccomp profiles that {@code crate run} applies:
 * Docker's default, built in, and files.
 */
module crate.seccomp {
    requires transitive crate.api;
    requires crate.linux;
    requires com.fasterxml.jackson.databind;

    exports crate.seccomp.profile;

    // Jackson reads profile files into the profile records.
    opens crate.seccomp.profile to com.fasterxml.jackson.databind;

    provides crate.api.spi.Isolator with crate.seccomp.CredentialsIsolator, crate.seccomp.LsmIsolator;
}
