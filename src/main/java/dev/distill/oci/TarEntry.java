package dev.distill.oci;

/**
 * One entry of a layer tar, with everything that goes into its header. Paths are relative, without a leading
 * {@code ./} or {@code /}; directories do not carry a trailing slash here (the writer adds it).
 */
public record TarEntry(String path, Type type, int mode, int uid, int gid, long mtime, long size, String linkTarget) {

    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    public TarEntry {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("layer paths are relative and have no trailing slash: '" + path + "'");
        }
        if ((type == Type.SYMLINK || type == Type.HARDLINK) == (linkTarget == null)) {
            throw new IllegalArgumentException("a link target is required for links and only for them: " + path);
        }
        if (type != Type.FILE && size != 0) {
            throw new IllegalArgumentException("only regular files have a size: " + path);
        }
    }

    public static TarEntry directory(String path, int mode, int uid, int gid, long mtime) {
        return new TarEntry(path, Type.DIRECTORY, mode, uid, gid, mtime, 0, null);
    }

    public static TarEntry file(String path, int mode, int uid, int gid, long mtime, long size) {
        return new TarEntry(path, Type.FILE, mode, uid, gid, mtime, size, null);
    }

    public static TarEntry symlink(String path, String target, long mtime) {
        return new TarEntry(path, Type.SYMLINK, 0777, 0, 0, mtime, 0, target);
    }

    public static TarEntry hardlink(String path, String target, int mode, int uid, int gid, long mtime) {
        return new TarEntry(path, Type.HARDLINK, mode, uid, gid, mtime, 0, target);
    }

    public TarEntry withPath(String newPath) {
        return new TarEntry(newPath, type, mode, uid, gid, mtime, size, linkTarget);
    }

    public TarEntry withMtime(long newMtime) {
        return new TarEntry(path, type, mode, uid, gid, newMtime, size, linkTarget);
    }

    public TarEntry withOwner(int newUid, int newGid) {
        return new TarEntry(path, type, mode, newUid, newGid, mtime, size, linkTarget);
    }

    public TarEntry withMode(int newMode) {
        return new TarEntry(path, type, newMode, uid, gid, mtime, size, linkTarget);
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /** The parent directory's path, or null for a top-level entry. */
    public static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }
}
