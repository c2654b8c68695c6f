/** An example crate plugin: an isolator that records each phase of the containers that ask for it. */
module org.example.crate.audit {
    requires crate.api;

    provides crate.api.spi.Isolator with org.example.crate.audit.AuditIsolator;
}
