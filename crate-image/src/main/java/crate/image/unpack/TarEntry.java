package crate.image.unpack;

import java.util.Map;

/**
 * One member of a tar archive, with the PAX and GNU extensions already applied.
 *
 * @param path as the archive names it (not yet checked: see {@link LayerPaths})
 * @param size the bytes of content that follow (0 for all but regular files)
 * @param mode the permission bits with setuid, setgid and sticky (07777)
 * @param linkName a symlink's target or a hardlink's earlier entry; "" otherwise
 * @param xattrs from PAX {@code SCHILY.xattr.NAME} records
 */
public record TarEntry(String path, Type type, long size, int mode, int uid, int gid, long mtimeSeconds,
        int mtimeNanos, String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {

    /** The kinds of member a layer may hold. */
    public enum Type { FILE, HARDLINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO }

    public TarEntry {
        xattrs = Map.copyOf(xattrs);
    }
}
