package crate.network.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.api.CrateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkConfigsTest {
    @TempDir Path first;
    @TempDir Path second;

    private NetworkConfigs configs() {
        return new NetworkConfigs(List.of(first, second, first.resolve("missing")));
    }

    @Test
    void aConflistIsFoundByItsFileNameInTheFirstDirectoryThatHasIt() throws Exception {
        Files.writeString(second.resolve("net.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"net\",\"plugins\":[{\"type\":\"b\"}]}");
        Files.writeString(first.resolve("net.conflist"), "{\"cniVersion\":\"0.4.0\",\"name\":\"net\",\"disableCheck\":true,"
                + "\"plugins\":[{\"type\":\"bridge\"},{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}]}");

        NetworkConfigList list = configs().find("net");

        assertEquals("net", list.name());
        assertEquals(new CniVersion(0, 4, 0), list.version());
        assertTrue(list.disableCheck());
        assertEquals(List.of("bridge", "portmap"), list.plugins().stream().map(NetworkConfigList::type).toList());
        assertTrue(list.hasCapability("portMappings"));
    }

    @Test
    void aSingleConfIsAListOfOnePlugin() throws Exception {
        Files.writeString(second.resolve("single.conf"), "{\"cniVersion\":\"0.3.1\",\"name\":\"single\",\"type\":\"ptp\",\"ipMasq\":true}");

        NetworkConfigList list = configs().find("single");

        assertEquals(1, list.plugins().size());
        assertEquals("ptp", NetworkConfigList.type(list.plugins().getFirst()));
        assertTrue(list.plugins().getFirst().get("ipMasq").asBoolean());
    }

    @Test
    void aNetworkIsAlsoFoundByTheNameInsideAnyFile() throws Exception {
        Files.writeString(second.resolve("10-crate.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"inner\",\"plugins\":[{\"type\":\"b\"}]}");

        assertEquals(second.resolve("10-crate.conflist").toString(), configs().find("inner").source());
    }

    @Test
    void aMissingNetworkNamesTheDirectoriesAndTheNetworksThere() throws Exception {
        Files.writeString(first.resolve("a.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[{\"type\":\"b\"}]}");
        Files.writeString(first.resolve("broken.conflist"), "{not json");

        CrateException e = assertThrows(CrateException.class, () -> configs().find("nope"));

        assertEquals("no CNI network \"nope\" in " + first + ", " + second + ", " + first.resolve("missing")
                + " (networks: a)", e.getMessage());
    }

    @Test
    void brokenConfigurationsSayWhatIsWrong() throws Exception {
        assertInvalid("{not json", "it is not a JSON object");
        assertInvalid("{\"cniVersion\":\"1.0.0\",\"plugins\":[{\"type\":\"b\"}]}", "it has no \"name\"");
        assertInvalid("{\"name\":\"x\",\"plugins\":[{\"type\":\"b\"}]}", "it has no \"cniVersion\"");
        assertInvalid("{\"cniVersion\":\"0.2.0\",\"name\":\"x\",\"type\":\"b\"}", "cniVersion 0.2.0 is not supported (0.3.0 to 1.x)");
        assertInvalid("{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"plugins\":[]}", "\"plugins\" is not a non-empty list");
        assertInvalid("{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"plugins\":[{\"type\":\"../../bin/sh\"}]}",
                "plugin 0 has an invalid type \"../../bin/sh\"");
        assertInvalid("{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"plugins\":[{\"type\":\"a\"},{}]}", "plugin 1 has no \"type\"");
    }

    private void assertInvalid(String json, String why) throws Exception {
        Path file = first.resolve("x.conflist");
        Files.writeString(file, json);
        CrateException e = assertThrows(CrateException.class, () -> configs().find("x"));
        assertEquals("invalid CNI network configuration " + file + ": " + why, e.getMessage());
    }
}
