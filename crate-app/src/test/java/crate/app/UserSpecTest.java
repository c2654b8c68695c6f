package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.spec.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserSpecTest {
    @TempDir Path rootfs;

    @BeforeEach
    void etc() throws IOException {
        Path etc = Files.createDirectory(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                alice:x:1000:1001:Alice:/home/alice:/bin/sh
                broken:x:abc:1002::/:/bin/sh
                badgid:x:1003:xyz::/:/bin/sh
                short:x:1004
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                wheel:x:10:alice
                staff:x:50:
                badgroup:x:nope:
                """);
    }

    private static User user(int uid, int gid) {
        return new User(uid, gid, null, List.of());
    }

    private String failure(String value) {
        return assertThrows(CrateException.class, () -> UserSpec.parse(value, rootfs), value).getMessage();
    }

    @Test
    void numericUidTakesItsGroupFromPasswd() throws CrateException {
        assertEquals(user(0, 0), UserSpec.parse("0", rootfs));
        assertEquals(user(1000, 1001), UserSpec.parse("1000", rootfs));
    }

    @Test
    void numericUidNotInPasswdGetsGroupZeroAsUnderDocker() throws CrateException {
        assertEquals(user(4242, 0), UserSpec.parse("4242", rootfs));
    }

    @Test
    void numericUidAndGid() throws CrateException {
        assertEquals(user(1000, 50), UserSpec.parse("1000:50", rootfs));
        assertEquals(user(7, 0), UserSpec.parse("7:0", rootfs));
    }

    @Test
    void names() throws CrateException {
        assertEquals(user(1000, 1001), UserSpec.parse("alice", rootfs));
        assertEquals(user(1000, 10), UserSpec.parse("alice:wheel", rootfs));
        assertEquals(user(1, 50), UserSpec.parse("daemon:staff", rootfs));
        assertEquals(user(0, 50), UserSpec.parse("0:staff", rootfs));
        assertEquals(user(1000, 0), UserSpec.parse("alice:0", rootfs));
    }

    @Test
    void unknownNames() {
        assertEquals("--user bob: no user \"bob\" in the container's /etc/passwd", failure("bob"));
        assertEquals("--user alice:nogroup: no group \"nogroup\" in the container's /etc/group", failure("alice:nogroup"));
        // A line with too few fields is no entry.
        assertEquals("--user short: no user \"short\" in the container's /etc/passwd", failure("short"));
    }

    @Test
    void malformedValue() {
        for (String value : new String[] {"", ":", ":50", "alice:"}) {
            assertEquals("--user " + value + ": expected USER[:GROUP]", failure(value));
        }
    }

    @Test
    void malformedIdsInTheRootfsFiles() {
        assertEquals("--user broken: malformed id \"abc\" in the container's files", failure("broken"));
        assertEquals("--user badgid: malformed id \"xyz\" in the container's files", failure("badgid"));
        assertEquals("--user alice:badgroup: malformed id \"nope\" in the container's files", failure("alice:badgroup"));
    }

    @Test
    void malformedGroupOfANumericUser() {
        // uid 1003 is badgid's: its group field is no number.
        assertEquals("--user 1003: malformed id \"xyz\" in the container's files", failure("1003"));
    }

    @Test
    void rootfsWithoutEtc(@TempDir Path empty) throws CrateException {
        assertEquals(user(1000, 0), UserSpec.parse("1000", empty));
        assertEquals(user(1000, 5), UserSpec.parse("1000:5", empty));
        assertEquals("--user alice: no user \"alice\" in the container's /etc/passwd",
                assertThrows(CrateException.class, () -> UserSpec.parse("alice", empty)).getMessage());
    }
}
