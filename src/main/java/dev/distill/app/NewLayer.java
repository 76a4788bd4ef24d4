package dev.distill.app;

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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A layer a build step composes from chosen entries (COPY, ADD, WORKDIR) on top of a stage's root file system. When
 * written, every parent directory is in it too: with its metadata from the root file system where it exists there,
 * else created 0755 for the step's owner. A directory entry never replaces a symbolic link or file of the root file
 * system (the link would be lost for everything below it): that is refused.
 */
final class NewLayer {
    private final Path rootfs;
    private final long mtime;
    private final Owner newDirectoryOwner;
    private final TreeMap<String, Item> items = new TreeMap<>();

    private record Item(TarEntry entry, Path content) {
    }

    NewLayer(Path rootfs, long mtime, Owner newDirectoryOwner) {
        this.rootfs = rootfs;
        this.mtime = mtime;
        this.newDirectoryOwner = newDirectoryOwner;
    }

    /** Adds an entry (its mtime is replaced by the layer's); {@code content} is the file to read for a regular file. */
    void add(TarEntry entry, Path content) {
        items.put(entry.path(), new Item(entry.withMtime(mtime), content));
    }

    void addDirectory(String path, int mode, Owner owner) {
        add(TarEntry.directory(path, mode, owner.uid(), owner.gid(), mtime), null);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    Layer write(OciLayout store, Compression compression) throws IOException {
        TreeMap<String, Item> all = new TreeMap<>(items);
        for (String path : items.keySet()) {
            addParents(all, TarEntry.parentOf(path));
        }
        for (Item item : all.values()) {
            if (item.entry().isDirectory()) {
                refuseNonDirectory(item.entry().path());
            }
        }
        try (LayerWriter writer = new LayerWriter(store, compression)) {
            for (Item item : all.values()) {
                TarEntry entry = item.entry();
                if (entry.type() == TarEntry.Type.FILE && entry.size() > 0) {
                    try (InputStream content = Files.newInputStream(item.content(), LinkOption.NOFOLLOW_LINKS)) {
                        writer.add(entry, content);
                    }
                } else {
                    writer.add(entry);
                }
            }
            return writer.finish();
        }
    }

    private void addParents(TreeMap<String, Item> all, String path) throws IOException {
        if (path == null || all.containsKey(path)) {
            return;
        }
        addParents(all, TarEntry.parentOf(path));
        Map<String, Object> existing = attributes(rootfs.resolve(path));
        TarEntry entry = existing == null
                ? TarEntry.directory(path, 0755, newDirectoryOwner.uid(), newDirectoryOwner.gid(), mtime)
                : TarEntry.directory(path, (Integer) existing.get("mode") & 07777, (Integer) existing.get("uid"),
                        (Integer) existing.get("gid"), mtime);
        all.put(path, new Item(entry, null));
    }

    private void refuseNonDirectory(String path) throws IOException {
        Path location = rootfs.resolve(path);
        if (attributes(location) != null && !Files.isDirectory(location, LinkOption.NOFOLLOW_LINKS)) {
            throw new DistillException("/" + path + " exists in the image as a "
                    + (Files.isSymbolicLink(location) ? "symbolic link" : "file") + ", so nothing can be copied into "
                    + "it as a directory; copy to the path it points to instead");
        }
    }

    private static Map<String, Object> attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
