package dev.distill.container;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The metadata of every entry of a root file system (symlinks are recorded, never followed), keyed by the path
 * relative to the root. Contents are not read: a regular file whose bytes change gets a new change time
 * ({@code ctime}, which no program can set back), so size, mtime, ctime and inode together reveal every rewrite.
 */
public record RootfsSnapshot(Path root, NavigableMap<String, Node> nodes) {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,ctime,dev,ino,nlink";

    public enum Type { FILE, DIRECTORY, SYMLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, SOCKET }

    /** One entry; {@code mode} holds the permission bits with setuid, setgid and sticky. */
    public record Node(Type type, int mode, int uid, int gid, long size, long mtimeNanos, long ctimeNanos,
                       long device, long inode, int links, String linkTarget) {
    }

    public RootfsSnapshot {
        nodes = Collections.unmodifiableNavigableMap(new TreeMap<>(nodes));
    }

    public static RootfsSnapshot take(Path root) {
        NavigableMap<String, Node> nodes = new TreeMap<>();
        try {
            walk(root, "", nodes);
        } catch (IOException e) {
            throw new DistillException("cannot read the file tree of " + root + ": " + e.getMessage(), e);
        }
        return new RootfsSnapshot(root, nodes);
    }

    public Node get(String path) {
        return nodes.get(path);
    }

    private static void walk(Path dir, String prefix, NavigableMap<String, Node> nodes) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String path = prefix + child.getFileName();
                Node node = node(child);
                nodes.put(path, node);
                if (node.type() == Type.DIRECTORY) {
                    walk(child, path + "/", nodes);
                }
            }
        }
    }

    private static Node node(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        Type type = type(mode, path);
        return new Node(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                type == Type.FILE ? (Long) a.get("size") : 0,
                nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")),
                (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"),
                type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null);
    }

    private static Type type(int mode, Path path) {
        return switch (mode & 0170000) {
            case 0100000 -> Type.FILE;
            case 0040000 -> Type.DIRECTORY;
            case 0120000 -> Type.SYMLINK;
            case 0010000 -> Type.FIFO;
            case 0020000 -> Type.CHAR_DEVICE;
            case 0060000 -> Type.BLOCK_DEVICE;
            case 0140000 -> Type.SOCKET;
            default -> throw new DistillException("unknown file type " + Integer.toOctalString(mode) + " of " + path);
        };
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
