package dev.distill.container;

import dev.distill.common.DistillException;
import dev.distill.oci.Compression;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.OciLayout;
import dev.distill.oci.TarEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a RUN step changed, as one layer: added and modified entries (with their parent directories, so the layer
 * stands on its own), and a {@code .wh.NAME} whiteout for each deleted path (one for a deleted directory, none for
 * its children), sorted by path. Every entry gets the same modification time, since the clock during the step is
 * not reproducible; files that share an inode become hard links to the first of them.
 *
 * <p>Like Docker, changes under {@code /tmp} are kept; {@code /proc}, {@code /sys} and {@code /dev} (mounts during
 * the run) are never part of a layer. Directories count as changed only when their type, mode or owner did (their
 * times follow from their children). Device nodes and sockets are left out. Extended attributes (file
 * capabilities) are not recorded.
 */
public final class LayerDiff {
    private static final List<String> VOLATILE = List.of("proc", "sys", "dev");
    private static final String WHITEOUT_PREFIX = ".wh.";

    private final long mtime;

    /** {@code mtime}: seconds since the epoch for every entry, e.g. SOURCE_DATE_EPOCH. */
    public LayerDiff(long mtime) {
        this.mtime = mtime;
    }

    /** The entries of the layer from {@code before} to {@code after}, in order. */
    public List<TarEntry> entries(RootfsSnapshot before, RootfsSnapshot after) {
        TreeMap<String, TarEntry> entries = new TreeMap<>();
        for (Map.Entry<String, RootfsSnapshot.Node> node : after.nodes().entrySet()) {
            String path = node.getKey();
            RootfsSnapshot.Node old = before.get(path);
            if (isVolatile(path) || old != null && !changed(old, node.getValue())) {
                continue;
            }
            TarEntry entry = entry(path, node.getValue());
            if (entry != null) {
                addParents(entries, path, after);
                entries.put(path, entry);
            }
        }
        for (String path : before.nodes().keySet()) {
            if (isVolatile(path) || after.nodes().containsKey(path)) {
                continue;
            }
            String parent = TarEntry.parentOf(path);
            RootfsSnapshot.Node parentNow = parent == null ? null : after.get(parent);
            if (parent != null && (parentNow == null || parentNow.type() != RootfsSnapshot.Type.DIRECTORY)) {
                continue; // its parent is gone or replaced, and that entry covers it
            }
            String name = path.substring(parent == null ? 0 : parent.length() + 1);
            String whiteout = parent == null ? WHITEOUT_PREFIX + name : parent + "/" + WHITEOUT_PREFIX + name;
            addParents(entries, whiteout, after);
            entries.put(whiteout, TarEntry.file(whiteout, 0, 0, 0, mtime, 0));
        }
        linkSharedInodes(entries, after);
        return List.copyOf(entries.values());
    }

    /** Writes the layer; file contents come from {@code after}'s root, which must not have changed since. */
    public Layer write(RootfsSnapshot before, RootfsSnapshot after, OciLayout layout, Compression compression) {
        try (LayerWriter writer = new LayerWriter(layout, compression)) {
            for (TarEntry entry : entries(before, after)) {
                if (entry.type() == TarEntry.Type.FILE && entry.size() > 0) {
                    try (InputStream content = Files.newInputStream(after.root().resolve(entry.path()),
                            LinkOption.NOFOLLOW_LINKS)) {
                        writer.add(entry, content);
                        if (content.read() != -1) {
                            throw new IOException(entry.path() + " grew after the snapshot");
                        }
                    }
                } else {
                    writer.add(entry);
                }
            }
            return writer.finish();
        } catch (IOException e) {
            throw new DistillException("cannot write the layer of changes in " + after.root() + ": " + e.getMessage(), e);
        }
    }

    private static boolean changed(RootfsSnapshot.Node before, RootfsSnapshot.Node after) {
        if (before.type() != after.type() || before.mode() != after.mode() || before.uid() != after.uid()
                || before.gid() != after.gid()) {
            return true;
        }
        return switch (after.type()) {
            case DIRECTORY -> false;
            case SYMLINK -> !after.linkTarget().equals(before.linkTarget());
            default -> before.size() != after.size() || before.mtimeNanos() != after.mtimeNanos()
                    || before.ctimeNanos() != after.ctimeNanos() || before.inode() != after.inode()
                    || before.device() != after.device();
        };
    }

    private TarEntry entry(String path, RootfsSnapshot.Node node) {
        return switch (node.type()) {
            case FILE -> TarEntry.file(path, node.mode(), node.uid(), node.gid(), mtime, node.size());
            case DIRECTORY -> TarEntry.directory(path, node.mode(), node.uid(), node.gid(), mtime);
            case SYMLINK -> new TarEntry(path, TarEntry.Type.SYMLINK, 0777, node.uid(), node.gid(), mtime, 0,
                    node.linkTarget());
            case FIFO -> new TarEntry(path, TarEntry.Type.FIFO, node.mode(), node.uid(), node.gid(), mtime, 0, null);
            case CHAR_DEVICE, BLOCK_DEVICE, SOCKET -> null;
        };
    }

    private void addParents(TreeMap<String, TarEntry> entries, String path, RootfsSnapshot after) {
        String parent = TarEntry.parentOf(path);
        if (parent == null || entries.containsKey(parent)) {
            return;
        }
        addParents(entries, parent, after);
        RootfsSnapshot.Node node = after.get(parent);
        entries.put(parent, TarEntry.directory(parent, node.mode(), node.uid(), node.gid(), mtime));
    }

    /** Regular files written to the layer that share an inode become hard links to the first one. */
    private void linkSharedInodes(TreeMap<String, TarEntry> entries, RootfsSnapshot after) {
        Map<String, String> firstPathOfInode = new HashMap<>();
        for (Map.Entry<String, TarEntry> entry : entries.entrySet()) {
            TarEntry tar = entry.getValue();
            RootfsSnapshot.Node node = after.get(tar.path());
            if (tar.type() != TarEntry.Type.FILE || node == null || node.links() < 2) {
                continue;
            }
            String inode = node.device() + ":" + node.inode();
            String first = firstPathOfInode.putIfAbsent(inode, tar.path());
            if (first != null) {
                entry.setValue(TarEntry.hardlink(tar.path(), first, tar.mode(), tar.uid(), tar.gid(), mtime));
            }
        }
    }

    private static boolean isVolatile(String path) {
        return VOLATILE.stream().anyMatch(v -> path.equals(v) || path.startsWith(v + "/"));
    }
}
