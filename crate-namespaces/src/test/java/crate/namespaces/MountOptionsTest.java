package crate.namespaces;

import static crate.linux.MountFlags.MS_BIND;
import static crate.linux.MountFlags.MS_NODEV;
import static crate.linux.MountFlags.MS_NOEXEC;
import static crate.linux.MountFlags.MS_NOSUID;
import static crate.linux.MountFlags.MS_PRIVATE;
import static crate.linux.MountFlags.MS_RDONLY;
import static crate.linux.MountFlags.MS_REC;
import static crate.linux.MountFlags.MS_RELATIME;
import static crate.linux.MountFlags.MS_SHARED;
import static crate.linux.MountFlags.MS_SLAVE;
import static crate.linux.MountFlags.MS_STRICTATIME;
import static crate.linux.MountFlags.MS_UNBINDABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

    @Test
    void noOptions() {
        assertEquals(new MountOptions(0, 0, ""), MountOptions.parse(List.of()));
    }

    @Test
    void laterOptionWins() {
        MountOptions roThenRw = MountOptions.parse(List.of("ro", "rw"));
        assertEquals(0, roThenRw.flags());
        assertFalse(roThenRw.readOnly());

        MountOptions rwThenRo = MountOptions.parse(List.of("rw", "ro"));
        assertEquals(MS_RDONLY, rwThenRo.flags());
        assertTrue(rwThenRo.readOnly());

        assertEquals(MS_NODEV, MountOptions.parse(List.of("nosuid", "nodev", "suid")).flags());
        assertEquals(MS_NOEXEC, MountOptions.parse(List.of("exec", "noexec")).flags());
    }

    @Test
    void clearingAFlagLeavesTheOthers() {
        assertEquals(MS_NOSUID | MS_BIND, MountOptions.parse(List.of("ro", "nosuid", "bind", "rw")).flags());
    }

    @Test
    void bindAndRbind() {
        MountOptions bind = MountOptions.parse(List.of("bind"));
        assertEquals(MS_BIND, bind.flags());
        assertTrue(bind.bind());

        MountOptions rbind = MountOptions.parse(List.of("rbind"));
        assertEquals(MS_BIND | MS_REC, rbind.flags());
        assertTrue(rbind.bind());

        assertFalse(MountOptions.parse(List.of("nosuid")).bind());
    }

    @Test
    void propagationIsKeptApartFromFlags() {
        MountOptions options = MountOptions.parse(List.of("rbind", "rprivate", "ro"));
        assertEquals(MS_BIND | MS_REC | MS_RDONLY, options.flags());
        assertEquals(MS_PRIVATE | MS_REC, options.propagation());
        assertEquals("", options.data());

        assertEquals(MS_SHARED, MountOptions.parse(List.of("shared")).propagation());
        assertEquals(0, MountOptions.parse(List.of("shared")).flags());
    }

    @Test
    void unknownOptionsBecomeDataInOrder() {
        MountOptions options = MountOptions.parse(
                List.of("nosuid", "strictatime", "mode=755", "size=65536k", "relatime", "newinstance"));
        assertEquals(MS_NOSUID | MS_STRICTATIME | MS_RELATIME, options.flags());
        assertEquals(0, options.propagation());
        assertEquals("mode=755,size=65536k,newinstance", options.data());
    }

    @Test
    void defaultsSetsNothing() {
        assertEquals(new MountOptions(0, 0, ""), MountOptions.parse(List.of("defaults")));
    }

    @Test
    void propagationByName() {
        assertEquals(MS_PRIVATE, MountOptions.propagation("private"));
        assertEquals(MS_PRIVATE | MS_REC, MountOptions.propagation("rprivate"));
        assertEquals(MS_SHARED | MS_REC, MountOptions.propagation("rshared"));
        assertEquals(MS_SLAVE, MountOptions.propagation("slave"));
        assertEquals(MS_SLAVE | MS_REC, MountOptions.propagation("rslave"));
        assertEquals(MS_UNBINDABLE, MountOptions.propagation("unbindable"));
        assertEquals(MS_UNBINDABLE | MS_REC, MountOptions.propagation("runbindable"));
        assertNull(MountOptions.propagation("bogus"));
        assertNull(MountOptions.propagation("ro"));
        assertNull(MountOptions.propagation(""));
    }
}
