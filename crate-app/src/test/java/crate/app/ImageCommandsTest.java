package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import crate.api.CrateException;
import crate.api.image.ImageConfig;
import crate.api.image.LocalImage;
import crate.api.image.PruneReport;
import crate.api.image.PullProgress;
import crate.api.image.PullRequest;
import crate.api.spi.Puller;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;

/** crate pull, images, rmi, image ... and crate run IMAGE's refusals, with a mock puller (no container is run). */
class ImageCommandsTest extends CommandLineHarness {
    private static final String NL = System.lineSeparator();
    private static final String NAME = "127.0.0.1:5000/busybox:latest";
    private static final LocalImage BUSYBOX = new LocalImage("sha256:" + "1".repeat(64), List.of(NAME),
            "sha256:" + "2".repeat(64), 2_000_000, Instant.EPOCH,
            new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of(), Map.of(), "linux", "amd64", ""),
            List.of(Path.of("/tmp/front-nolayer")));

    private final Puller puller = mock(Puller.class);
    private MockedStatic<Pullers> pullers;

    @BeforeEach
    void mockPuller() {
        pullers = mockStatic(Pullers.class);
        pullers.when(() -> Pullers.load(any())).thenReturn(puller);
        pullers.when(() -> Pullers.settings(any())).thenCallRealMethod();
    }

    @AfterEach
    void closeMock() {
        pullers.close();
    }

    @Test
    void pullPrintsPlainLinesThenDigestStatusAndName() throws CrateException {
        when(puller.find("busybox")).thenReturn(Optional.empty());
        when(puller.pull(eq(new PullRequest("busybox", Optional.of("linux/arm64"), Optional.of(false))), any()))
                .thenAnswer(call -> {
                    PullProgress progress = call.getArgument(1);
                    progress.blob("sha256:" + "a".repeat(64), PullProgress.Phase.DOWNLOADING, 1, 10);
                    progress.blob("sha256:" + "a".repeat(64), PullProgress.Phase.DONE, 10, 10);
                    return BUSYBOX;
                });
        assertEquals(0, crate("pull", "--platform", "linux/arm64", "--tls-verify=false", "busybox"), err.toString());
        assertEquals("aaaaaaaaaaaa: Downloading" + NL + "aaaaaaaaaaaa: Pull complete" + NL + "Digest: " + BUSYBOX.manifestDigest()
                + NL + "Status: Downloaded newer image for busybox:latest" + NL + NAME + NL, out.toString());
    }

    @Test
    void pullOfTheSameImageIsUpToDate() throws CrateException {
        when(puller.find(NAME)).thenReturn(Optional.of(BUSYBOX));
        when(puller.pull(eq(PullRequest.of(NAME)), any())).thenReturn(BUSYBOX);
        assertEquals(0, crate("image", "pull", NAME), err.toString());
        assertTrue(out.toString().contains("Status: Image is up to date for " + NAME + NL), out.toString());
    }

    @Test
    void quietPullPrintsTheNameOnly() throws CrateException {
        when(puller.pull(eq(new PullRequest(NAME, Optional.empty(), Optional.of(true))), any())).thenReturn(BUSYBOX);
        assertEquals(0, crate("pull", "-q", "--tls-verify", NAME), err.toString());
        assertEquals(NAME + NL, out.toString());
        verify(puller, never()).find(any());
    }

    @Test
    void aFailedPullIsOneLineOnStderr() throws CrateException {
        when(puller.pull(any(), any())).thenThrow(new CrateException("127.0.0.1:5000/nope: manifest unknown"));
        assertEquals(125, crate("pull", "127.0.0.1:5000/nope"));
        assertEquals("crate: 127.0.0.1:5000/nope: manifest unknown" + NL, err.toString());
    }

    @Test
    void imagesAndImageLsListTheStore() throws CrateException {
        when(puller.list()).thenReturn(List.of(BUSYBOX));
        assertEquals(0, crate("images"));
        String table = out.toString();
        assertTrue(table.startsWith("REPOSITORY  "), table);
        assertTrue(table.contains("127.0.0.1:5000/busybox   latest   111111111111   N/A       2MB" + NL), table);
        out.getBuffer().setLength(0);
        assertEquals(0, crate("image", "ls"));
        assertEquals(table, out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, crate("images", "-q"));
        assertEquals("111111111111" + NL, out.toString());
    }

    @Test
    void rmiGoesOnAfterAFailureAndFailsAtTheEnd() throws CrateException {
        when(puller.remove("gone", false)).thenThrow(new CrateException("no such image: gone"));
        when(puller.remove(NAME, false)).thenReturn(List.of("Untagged: " + NAME, "Deleted: " + BUSYBOX.id()));
        assertEquals(125, crate("rmi", "gone", NAME));
        assertEquals("Untagged: " + NAME + NL + "Deleted: " + BUSYBOX.id() + NL, out.toString());
        assertEquals("crate: no such image: gone" + NL, err.toString());
        when(puller.remove("x", true)).thenReturn(List.of("Deleted: sha256:x"));
        assertEquals(0, crate("image", "rm", "-f", "x"));
    }

    @Test
    void pruneReportsWhatItDeleted() throws CrateException {
        when(puller.prune(true)).thenReturn(new PruneReport(List.of("deleted: sha256:" + "3".repeat(64)), 12_300_000));
        assertEquals(0, crate("image", "prune", "-a", "-f"));
        assertEquals("Deleted Images:" + NL + "deleted: sha256:" + "3".repeat(64) + NL + NL
                + "Total reclaimed space: 12.3MB" + NL, out.toString());
        out.getBuffer().setLength(0);
        when(puller.prune(false)).thenReturn(new PruneReport(List.of(), 0));
        assertEquals(0, crate("image", "prune"));
        assertEquals("Total reclaimed space: 0B" + NL, out.toString());
    }

    @Test
    void runWithPullNeverRefusesAMissingImage() throws CrateException {
        when(puller.find("nosuchimage")).thenReturn(Optional.empty());
        assertEquals(125, crate("run", "--pull", "never", "nosuchimage"));
        assertEquals("crate: image nosuchimage is not in the store (crate pull nosuchimage)" + NL, err.toString());
        verify(puller, never()).pull(any(), any());
    }

    @Test
    void runOfAnImageWithoutCommandIsRefused() throws CrateException {
        when(puller.find(NAME)).thenReturn(Optional.of(BUSYBOX));
        assertEquals(125, crate("run", NAME));
        assertEquals("crate: image " + NAME + " has no Entrypoint or Cmd: give a command" + NL, err.toString());
    }

    @Test
    void runPullsAMissingImageQuietly() throws CrateException {
        when(puller.find("nosuchimage")).thenReturn(Optional.empty());
        when(puller.pull(any(), any())).thenReturn(BUSYBOX);
        assertEquals(125, crate("run", "-q", "nosuchimage")); // pulled, then refused: no Cmd
        verify(puller).pull(eq(PullRequest.of("nosuchimage")), eq(PullProgress.NONE));
        assertEquals("crate: image nosuchimage has no Entrypoint or Cmd: give a command" + NL, err.toString());
    }
}
