package crate.cgroups.v1;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import java.util.Optional;

/**
 * The control files of one cgroup directory. The resource and freezer logic talks to this
 * interface only, so that its ordering rules can be tested against an in-memory fake.
 */
interface CgroupFiles {

    /** The directory, for messages. */
    String where();

    /** Whether the kernel offers this control file here. */
    boolean exists(String file);

    /** The file's content, trimmed. */
    String read(String file) throws CrateException;

    /** The file's content, trimmed, or empty if the file does not exist. */
    default Optional<String> readIfExists(String file) throws CrateException {
        return exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /**
     * Writes {@code value} in one write(2), as cgroupfs needs. The exception names the file
     * and the value and carries the errno (some orderings retry on EINVAL).
     */
    void write(String file, String value) throws ErrnoException;
}
