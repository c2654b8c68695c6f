package crate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import crate.api.spi.ContainerContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitFdsTest {
    @Test
    void passedFdsComeRightAfterStdioAndTheProtocolsAfterThem() {
        int[] protocol = {0, 1, 2, 40, 41, 42};
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 40, 41, 42}, InitFds.spawnOrder(protocol, new PassedFds(0, 2)));
        assertArrayEquals(protocol, InitFds.spawnOrder(protocol, PassedFds.NONE));
    }

    @Test
    void initFindsTheProtocolsFdsShiftedByTheCount() {
        InitFds fds = new InitFds(2);
        assertEquals(5, fds.context());
        assertEquals(6, fds.report());
        assertEquals(7, fds.execFifo());
        assertEquals(7, fds.mountNamespace());
        assertEquals(5, fds.firstNotPassed());
        ContainerContext context = new ContainerContext("c", "/b", null, "bundle");
        assertEquals(7, fds.console(new InitProtocol.Request(context, 0)));
        assertEquals(8, fds.console(new InitProtocol.Request(context, InitProtocol.WAIT_FOR_START)));
        assertEquals(InitProtocol.CONTEXT_FD, InitFds.NONE.context());
        assertEquals(3, InitFds.NONE.firstNotPassed());
    }

    @Test
    void theCountTravelsOnInitsCommandLine() {
        InitCommand command = new InitCommand("/image/bin/java", List.of("java", "-m", "crate.app/crate.app.InitMain"));
        InitCommand told = InitFds.command(command, new PassedFds(1, 2));
        assertEquals(List.of("java", "-m", "crate.app/crate.app.InitMain", "--passed-fds=3"), told.argv());
        assertEquals(new InitFds(3), InitFds.parse(told.argv().subList(3, 4)));
        assertEquals(command, InitFds.command(command, PassedFds.NONE));
        assertEquals(InitFds.NONE, InitFds.parse(List.of()));
    }
}
