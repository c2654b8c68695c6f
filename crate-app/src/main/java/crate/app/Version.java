package crate.app;

import crate.api.spec.Spec;
import picocli.CommandLine.IVersionProvider;

/** {@code crate --version}, in runc's format so tools that parse runc's version parse crate's. */
final class Version implements IVersionProvider {
    static final String CRATE = "0.1.0-dev";

    @Override
    public String[] getVersion() {
        return new String[] {"crate version " + CRATE, "spec: " + Spec.OCI_VERSION};
    }
}
