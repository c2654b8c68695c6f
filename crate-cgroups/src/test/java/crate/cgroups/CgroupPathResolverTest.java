package crate.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupPathResolverTest {
    private final CgroupPathResolver resolver = new CgroupPathResolver();

    @Test
    void absolutePathsStartAtEachHierarchysRoot() throws Exception {
        CgroupPath path = resolver.resolve("/harness/abc", "abc");
        assertFalse(path.relative());
        assertEquals("/harness/abc", path.under("/process_api/b933"));
    }

    @Test
    void relativePathsGoUnderTheRuntimesOwnCgroup() throws Exception {
        CgroupPath path = resolver.resolve("pods/abc", "abc");
        assertTrue(path.relative());
        assertEquals("/process_api/b933/pods/abc", path.under("/process_api/b933"));
        assertEquals("/pods/abc", path.under("/"));
    }

    @Test
    void withoutAPathTheDefaultParentAndTheId() throws Exception {
        assertEquals("/init.scope/crate/abc", resolver.resolve(null, "abc").under("/init.scope"));
        assertEquals("/crate/abc", resolver.resolve("", "abc").under("/"));
        assertEquals("/machines/abc", new CgroupPathResolver("/machines").resolve(null, "abc").under("/x"));
        assertEquals("/abc", new CgroupPathResolver("/").resolve(null, "abc").under("/x"));
    }

    @ParameterizedTest
    @CsvSource({
        "system.slice:crate:abc, /system.slice/crate-abc.scope",
        "machine-foo.slice:libpod:abc, /machine.slice/machine-foo.slice/libpod-abc.scope",
        "a-b-c.slice:p:n, /a.slice/a-b.slice/a-b-c.slice/p-n.scope",
        ":crate:abc, /system.slice/crate-abc.scope",
        "-.slice:crate:abc, /crate-abc.scope",
        "system.slice::abc, /system.slice/abc.scope",
        "user.slice:crate:pod-x.slice, /user.slice/pod-x.slice",
    })
    void systemdPathsWhereSystemdWouldPutTheUnit(String cgroupsPath, String expected) throws Exception {
        CgroupPath path = resolver.resolve(cgroupsPath, "abc");
        assertFalse(path.relative());
        assertEquals(expected, path.path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "a:b:c:d", "system:crate:abc", "-a.slice:p:n", "a--b.slice:p:n", "a-.slice:p:n",
        "system.slice:crate:", "system.slice:cr/ate:abc", "system.slice:crate:a/b"})
    void badSystemdPathsAreRefused(String cgroupsPath) {
        assertThrows(CrateException.class, () -> resolver.resolve(cgroupsPath, "abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/../b", "../a", "a/..", "/a/./b", "/a//b", "/a/", "a/", "/", "./a", ".."})
    void pathsThatAreNotNormalizedAreRefused(String cgroupsPath) {
        CrateException e = assertThrows(CrateException.class, () -> resolver.resolve(cgroupsPath, "abc"));
        assertTrue(e.getMessage().contains(cgroupsPath), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", ""})
    void idsThatCannotBeADirectoryAreRefused(String id) {
        assertThrows(CrateException.class, () -> resolver.resolve(null, id));
    }

    @Test
    void aBadDefaultParentIsRefused() {
        assertThrows(CrateException.class, () -> new CgroupPathResolver("../up").resolve(null, "abc"));
    }
}
