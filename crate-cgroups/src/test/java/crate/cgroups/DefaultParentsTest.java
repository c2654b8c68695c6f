package crate.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultParentsTest {

    @Test
    void theDefaultParentAboveAContainerDeepestFirst() {
        assertEquals(List.of("/user.slice/crate"), new CgroupPathResolver("crate").defaultParentsOf("/user.slice/crate/c1"));
        assertEquals(List.of("/crate"), new CgroupPathResolver("crate").defaultParentsOf("/crate/c1"));
        assertEquals(List.of("/s/a/b", "/s/a"), new CgroupPathResolver("a/b").defaultParentsOf("/s/a/b/c1"));
        assertEquals(List.of("/pods/crate", "/pods"), new CgroupPathResolver("/pods/crate").defaultParentsOf("/pods/crate/c1"));
    }

    @Test
    void aCgroupElsewhereHasNone() {
        assertEquals(List.of(), new CgroupPathResolver("crate").defaultParentsOf("/pods/c1"));
        assertEquals(List.of(), new CgroupPathResolver("crate").defaultParentsOf("/c1"));
        assertEquals(List.of(), new CgroupPathResolver("/pods/crate").defaultParentsOf("/x/pods/crate/c1"));
        assertEquals(List.of(), new CgroupPathResolver("/").defaultParentsOf("/c1"));
    }
}
