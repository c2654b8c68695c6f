package crate.cgroups.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.spec.LinuxResources.DeviceRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRulesTest {

    @Test
    void lines() throws CrateException {
        assertEquals("c 1:3 rwm", DeviceRules.line(new DeviceRule(true, "c", 1L, 3L, "rwm")));
        assertEquals("c *:* m", DeviceRules.line(new DeviceRule(true, "c", null, null, "m")));
        assertEquals("b 8:* r", DeviceRules.line(new DeviceRule(false, "b", 8L, -1L, "r")));
        assertEquals("a", DeviceRules.line(new DeviceRule(false, "a", null, null, "rwm")));
        assertEquals("a", DeviceRules.line(new DeviceRule(false, null, null, null, null)));
        assertEquals("c 136:* rwm", DeviceRules.line(new DeviceRule(true, "c", 136L, null, null)));
    }

    @Test
    void badRulesAreRefused() {
        assertThrows(CrateException.class, () -> DeviceRules.line(new DeviceRule(true, "p", 1L, 3L, "rwm")));
        assertThrows(CrateException.class, () -> DeviceRules.line(new DeviceRule(true, "c", 1L, 3L, "rwx")));
    }

    @Test
    void denyAllFirstThenTheAllowsInOrder() throws CrateException {
        FakeCgroupFiles dir = new FakeCgroupFiles().with("devices.allow", "").with("devices.deny", "");
        DeviceRules.apply(dir, List.of(
                new DeviceRule(false, null, null, null, "rwm"),
                new DeviceRule(true, "c", 1L, 3L, "rwm"),
                new DeviceRule(true, "c", 1L, 5L, "rwm"),
                new DeviceRule(false, "c", 1L, 5L, "w")));
        assertEquals(List.of("devices.deny=a", "devices.allow=c 1:3 rwm", "devices.allow=c 1:5 rwm",
                "devices.deny=c 1:5 w"), dir.writes);
    }
}
