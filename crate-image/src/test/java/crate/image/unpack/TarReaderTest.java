package crate.image.unpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crate.image.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    private static List<TarEntry> readAll(byte[] tar, List<String> contents) throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        List<TarEntry> entries = new ArrayList<>();
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
            entries.add(e);
            contents.add(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
        }
        return entries;
    }

    @Test
    void readsEveryMemberTypeWithItsMetadata() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("etc/", 0755).owner(0, 0)
                .file("etc/hosts", "127.0.0.1 localhost\n", 04755).owner(1000, 100).mtime(1234567890)
                .symlink("etc/link", "/etc/hosts")
                .hardlink("etc/hard", "etc/hosts")
                .charDevice("dev/null", 1, 3, 0666)
                .blockDevice("dev/sda", 8, 0, 0660)
                .fifo("run/fifo", 0600)
                .build();
        List<String> contents = new ArrayList<>();
        List<TarEntry> entries = readAll(tar, contents);
        assertEquals(7, entries.size());
        assertEquals(TarEntry.Type.DIRECTORY, entries.get(0).type());
        TarEntry file = entries.get(1);
        assertEquals("etc/hosts", file.path());
        assertEquals(04755, file.mode());
        assertEquals(1000, file.uid());
        assertEquals(100, file.gid());
        assertEquals(1234567890L, file.mtimeSeconds());
        assertEquals("127.0.0.1 localhost\n", contents.get(1));
        assertEquals("/etc/hosts", entries.get(2).linkName());
        assertEquals(TarEntry.Type.HARDLINK, entries.get(3).type());
        assertEquals(1, entries.get(4).devMajor());
        assertEquals(3, entries.get(4).devMinor());
        assertEquals(TarEntry.Type.BLOCK_DEVICE, entries.get(5).type());
        assertEquals(TarEntry.Type.FIFO, entries.get(6).type());
    }

    @Test
    void paxRecordsOverrideTheHeader() throws IOException {
        String longPath = "a/" + "b".repeat(150) + "/file";
        byte[] tar = new TarBuilder()
                .file(longPath, "x", 0644)
                .pax("mtime", "1700000000.123456789")
                .pax("uid", "3000000")
                .pax("SCHILY.xattr.user.comment", "caf\u00e9")
                .pax("SCHILY.xattr.security.capability", "\u0001\u0000\u0000\u0002")
                .build();
        TarEntry e = readAll(tar, new ArrayList<>()).getFirst();
        assertEquals(longPath, e.path());
        assertEquals(1700000000L, e.mtimeSeconds());
        assertEquals(123456789, e.mtimeNanos());
        assertEquals(3000000, e.uid());
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xe9}, e.xattrs().get("user.comment"));
        assertArrayEquals(new byte[] {1, 0, 0, 2}, e.xattrs().get("security.capability"));
    }

    @Test
    void gnuLongNamesAreRead() throws IOException {
        String longPath = "x/" + "y".repeat(200);
        byte[] tar = new TarBuilder().file(longPath, "z", 0600).gnuLongName().build();
        assertEquals(longPath, readAll(tar, new ArrayList<>()).getFirst().path());
    }

    @Test
    void aWrongChecksumIsRefused() {
        byte[] tar = new TarBuilder().file("a", "1", 0644).file("b", "2", 0644).badChecksum().build();
        MalformedTarException e = assertThrows(MalformedTarException.class, () -> readAll(tar, new ArrayList<>()));
        assertTrue(e.getMessage().contains("bad header checksum for \"b\""), e.getMessage());
    }

    @Test
    void truncationIsRefusedWhereverItCuts() {
        byte[] whole = new TarBuilder().file("a", "x".repeat(1000), 0644).build();
        for (int cut : new int[] {100, 512, 700, 1511, 1535}) {
            byte[] tar = java.util.Arrays.copyOf(whole, cut);
            MalformedTarException e = assertThrows(MalformedTarException.class, () -> readAll(tar, new ArrayList<>()),
                    "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void anArchiveMayStopRightAfterAMembersContentAsGoReadsIt() throws IOException {
        byte[] whole = new TarBuilder().file("a", "x".repeat(1000), 0644).build();
        for (int cut : new int[] {512 + 1000, 1536}) {
            List<String> contents = new ArrayList<>();
            assertEquals(1, readAll(java.util.Arrays.copyOf(whole, cut), contents).size(), "cut at " + cut);
            assertEquals(List.of("x".repeat(1000)), contents);
        }
        assertEquals(List.of(), readAll(new byte[0], new ArrayList<>()));
    }

    @Test
    void theEndBlockEndsTheArchive() throws IOException {
        TarReader reader = new TarReader(new ByteArrayInputStream(new TarBuilder().build()));
        assertNull(reader.next());
        assertNull(reader.next());
    }

    @Test
    void malformedPaxRecordsAreRefused() {
        assertThrows(MalformedTarException.class, () -> TarReader.parsePax("99 path=x\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedTarException.class, () -> TarReader.parsePax("x path=y\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedTarException.class, () -> TarReader.paxTime("12abc"));
    }

    @Test
    void negativeFractionalTimesAreNormalised() throws IOException {
        long[] t = TarReader.paxTime("-1.25");
        assertEquals(-2, t[0]);
        assertEquals(750_000_000, t[1]);
    }

    @Test
    void sparseAndUnknownMembersAreRefused() {
        byte[] sparse = new TarBuilder().file("s", "x", 0644).pax("GNU.sparse.major", "1").build();
        assertThrows(MalformedTarException.class, () -> readAll(sparse, new ArrayList<>()));
    }
}
