package crate.network.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortMappingTest {

    @Test
    void hostPortAndContainerPortDefaultToTcpOnEveryAddress() throws CrateException {
        PortMapping only = PortMapping.parse("8080:80").getFirst();
        assertEquals(Optional.empty(), only.hostIp());
        assertEquals(8080, only.hostPort());
        assertEquals(80, only.containerPort());
        assertEquals(Protocol.TCP, only.protocol());
    }

    @Test
    void hostIpAndUdp() throws CrateException {
        PortMapping only = PortMapping.parse("127.0.0.1:5353:53/udp").getFirst();
        assertEquals("127.0.0.1", only.hostIp().orElseThrow().getHostAddress());
        assertEquals(Protocol.UDP, only.protocol());
        assertEquals("127.0.0.1:5353:53/udp", only.toString());
    }

    @Test
    void rangesGiveOneMappingPerPort() throws CrateException {
        List<PortMapping> mappings = PortMapping.parse("8000-8002:80-82/tcp");
        assertEquals(List.of("8000:80/tcp", "8001:81/tcp", "8002:82/tcp"),
                mappings.stream().map(PortMapping::toString).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "80;invalid port mapping \"80\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]",
        "0:80;invalid port mapping \"0:80\": host port \"0\" is not in 1-65535",
        "8080:65536;invalid port mapping \"8080:65536\": container port \"65536\" is not in 1-65535",
        "8080:99999999999;invalid port mapping \"8080:99999999999\": container port \"99999999999\" is not in 1-65535",
        "8080:80/sctp;invalid port mapping \"8080:80/sctp\": protocol \"sctp\" is not tcp or udp",
        "8080:80/TCP;invalid port mapping \"8080:80/TCP\": protocol \"TCP\" is not tcp or udp",
        "1.2.3.256:8080:80;invalid port mapping \"1.2.3.256:8080:80\": host IP \"1.2.3.256\" is not an IPv4 address",
        "1.2.3:8080:80;invalid port mapping \"1.2.3:8080:80\": host IP \"1.2.3\" is not an IPv4 address",
        "8002-8000:80-82;invalid port mapping \"8002-8000:80-82\": host port range \"8002-8000\" ends before it starts",
        "8000-8002:80;invalid port mapping \"8000-8002:80\": the host and container port ranges differ in length",
        "[::1]:8080:80;invalid port mapping \"[::1]:8080:80\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]",
        "host:8080:80;invalid port mapping \"host:8080:80\": expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp]",
    })
    void badSpecsAreRefusedWithOneClearLine(String spec, String message) {
        CrateException e = assertThrows(CrateException.class, () -> PortMapping.parse(spec));
        assertEquals(message, e.getMessage());
    }
}
