package crate.runtime;

/** The runtime-spec's container statuses, as {@code state} prints them. */
public enum ContainerStatus {
    CREATING, CREATED, RUNNING, STOPPED, PAUSED;

    /** "created", as in the OCI state JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
