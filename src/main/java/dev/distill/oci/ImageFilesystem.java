package dev.distill.oci;

import dev.distill.common.DistillException;
import dev.distill.common.Workers;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The file system an image's layers make, read without unpacking anything to disk: every path with its type,
 * mode, owner, size, link target and the layer that put it there, after OCI whiteouts ({@code .wh.NAME} and
 * {@code .wh..wh..opq}) have hidden what lower layers wrote. The content of the files a predicate selects is kept
 * (package databases, os-release, copyright files); other contents are skipped while the tar streams by, so memory
 * holds the metadata and the captured files only. Each layer is read once and checked against its digest.
 */
public final class ImageFilesystem {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";
    private static final int MAX_SYMLINK_HOPS = 40;

    /** One path of the final view. {@code layer} is the index of the layer it comes from (0 = the first). */
    public record Node(String path, TarEntry.Type type, int mode, long uid, long gid, long size, String linkTarget,
                       int layer) {
        public boolean isFile() {
            return type == TarEntry.Type.FILE;
        }

        public boolean isDirectory() {
            return type == TarEntry.Type.DIRECTORY;
        }

        public boolean isSymlink() {
            return type == TarEntry.Type.SYMLINK;
        }
    }

    private final TreeMap<String, Node> nodes;
    private final Map<String, byte[]> contents;

    private ImageFilesystem(TreeMap<String, Node> nodes, Map<String, byte[]> contents) {
        this.nodes = nodes;
        this.contents = contents;
    }

    /**
     * Reads every layer of {@code image}, keeping the content of the regular files whose path (relative, without
     * a leading slash) {@code capture} accepts.
     */
    public static ImageFilesystem read(Image image, Predicate<String> capture) {
        Builder builder = new Builder(capture);
        List<Descriptor> layers = image.layers();
        // Layers are decompressed in parallel, then applied in order: decompressing is most of the work.
        ExecutorService pool = Workers.pool("distill-layer-read",
                Math.min(layers.size(), Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<List<LayerEntry>>> read = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                int index = i;
                read.add(pool.submit(() -> readLayer(image.blobs(), layer, index, capture)));
            }
            for (Future<List<LayerEntry>> entries : read) {
                builder.apply(Workers.await(entries, "reading an image's layers"));
            }
        } finally {
            pool.shutdownNow();
        }
        return builder.build();
    }

    /**
     * A layer's entry as read: its path, split and joined; the node it makes (null for a whiteout, an opaque marker or
     * a type that is not unpacked); the content of a captured regular file.
     */
    private record LayerEntry(List<String> parts, String path, Node node, byte[] content) {
        String name() {
            return lastComponent(parts);
        }
    }

    private static String lastComponent(List<String> parts) {
        return parts.isEmpty() ? "" : parts.get(parts.size() - 1);
    }

    /** Reads one layer, checking its digest; entries that would leave the root ({@code ..}) are left out. */
    private static List<LayerEntry> readLayer(BlobSource blobs, Descriptor layer, int index,
                                              Predicate<String> capture) {
        Digest digest = layer.digest();
        List<LayerEntry> entries = new ArrayList<>();
        try (DigestInputStream digesting = new DigestInputStream(blobs.open(digest), digest.newHasher());
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     Compression.decompress(new BufferedInputStream(digesting, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                List<String> parts = components(entry.getName());
                if (parts.contains("..")) {
                    continue; // cannot be unpacked safely, so it is not part of any container's view
                }
                String path = String.join("/", parts);
                String name = lastComponent(parts);
                Node node = name.equals(OPAQUE_MARKER) || name.startsWith(WHITEOUT_PREFIX) ? null
                        : Builder.node(entry, path, index);
                byte[] content = node != null && node.isFile() && capture.test(path) ? tar.readAllBytes() : null;
                entries.add(new LayerEntry(parts, path, node, content));
            }
            digesting.transferTo(OutputStream.nullOutputStream());
            String actual = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
            if (!actual.equals(digest.hex())) {
                throw new DistillException("layer " + digest + " does not match its digest (its content hashes to "
                        + digest.algorithm() + ":" + actual + ")");
            }
        } catch (IOException e) {
            throw new DistillException("cannot read layer " + digest + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** The node at {@code path} itself (a symlink is not followed). */
    public Optional<Node> node(String path) {
        return Optional.ofNullable(nodes.get(normalize(path)));
    }

    /** Every node, by path. */
    public NavigableMap<String, Node> nodes() {
        return Collections.unmodifiableNavigableMap(nodes);
    }

    /** The direct children of a directory (symlinks in {@code dir} are followed), by path. */
    public List<Node> children(String dir) {
        Optional<String> resolved = resolve(dir);
        if (resolved.isEmpty()) {
            return List.of();
        }
        String prefix = resolved.get().isEmpty() ? "" : resolved.get() + "/";
        List<Node> children = new ArrayList<>();
        for (Node node : nodes.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values()) {
            if (!node.path().isEmpty() && node.path().indexOf('/', prefix.length()) < 0) {
                children.add(node);
            }
        }
        return children;
    }

    /**
     * The real path {@code path} names once every symbolic link on the way is followed, as the kernel would inside
     * the container (absolute targets start at the image's root, {@code ..} stops at it); empty when something on
     * the way is missing or the links loop.
     */
    public Optional<String> resolve(String path) {
        List<String> pending = new ArrayList<>(components(path));
        List<String> resolved = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String component = pending.remove(0);
            if (component.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            resolved.add(component);
            Node node = nodes.get(String.join("/", resolved));
            if (node == null) {
                return Optional.empty();
            }
            if (node.isSymlink()) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    return Optional.empty();
                }
                resolved.remove(resolved.size() - 1);
                if (node.linkTarget().startsWith("/")) {
                    resolved.clear();
                }
                pending.addAll(0, components(node.linkTarget()));
            } else if (!pending.isEmpty() && !node.isDirectory()) {
                return Optional.empty();
            }
        }
        return Optional.of(String.join("/", resolved));
    }

    /**
     * The node at {@code path} with the links among its parent directories followed but not a link at the end
     * (how {@code lstat} sees it): {@code /lib/x/libc.so.6} finds {@code usr/lib/x/libc.so.6} in a merged-/usr image.
     */
    public Optional<Node> nodeAt(String path) {
        String normalized = normalize(path);
        int slash = normalized.lastIndexOf('/');
        if (slash < 0) {
            return Optional.ofNullable(nodes.get(normalized));
        }
        return resolve(normalized.substring(0, slash))
                .map(dir -> nodes.get(dir.isEmpty() ? normalized.substring(slash + 1) : dir + normalized.substring(slash)));
    }

    /** The node {@code path} leads to, following symbolic links. */
    public Optional<Node> follow(String path) {
        return resolve(path).map(nodes::get);
    }

    /** Whether {@code path} leads (through links) to a regular file. */
    public boolean isFile(String path) {
        return follow(path).map(Node::isFile).orElse(false);
    }

    /** The content of a captured regular file {@code path} leads to (links followed); empty when not captured. */
    public Optional<byte[]> content(String path) {
        return resolve(path).map(contents::get);
    }

    /** Paths of the captured files, sorted. */
    public List<String> capturedPaths() {
        return contents.keySet().stream().sorted().toList();
    }

    /** The relative form of a path: no leading {@code /} or {@code ./}, no empty or {@code .} components. */
    public static String normalize(String path) {
        return String.join("/", components(path));
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty() && !component.equals(".")) {
                out.add(component);
            }
        }
        return out;
    }

    /** Applies layers one after the other. */
    private static final class Builder {
        private final Predicate<String> capture;
        private final TreeMap<String, Node> nodes = new TreeMap<>();
        private final Map<String, byte[]> contents = new HashMap<>();

        Builder(Predicate<String> capture) {
            this.capture = capture;
        }

        /** Applies one layer's entries, in order, over the layers applied before it. */
        void apply(List<LayerEntry> entries) {
            Set<String> written = new HashSet<>();
            for (LayerEntry entry : entries) {
                apply(entry, written);
            }
        }

        private void apply(LayerEntry entry, Set<String> written) {
            String path = entry.path();
            String name = entry.name();
            String parent = entry.parts().size() <= 1 ? "" : path.substring(0, path.length() - name.length() - 1);
            if (name.equals(OPAQUE_MARKER)) {
                for (String child : new ArrayList<>(nodes.subMap(parent.isEmpty() ? "" : parent + "/", true,
                        (parent.isEmpty() ? "" : parent + "/") + Character.MAX_VALUE, false).keySet())) {
                    if (!child.isEmpty() && !written.contains(child)) {
                        remove(child);
                    }
                }
                return;
            }
            if (name.startsWith(WHITEOUT_PREFIX)) {
                String hidden = name.substring(WHITEOUT_PREFIX.length());
                if (!hidden.startsWith(WHITEOUT_PREFIX)) {
                    String target = parent.isEmpty() ? hidden : parent + "/" + hidden;
                    if (!written.contains(target)) {
                        removeTree(target);
                    }
                }
                return;
            }
            Node node = entry.node();
            if (node == null) {
                return;
            }
            Node old = nodes.get(path);
            if (old != null && !(old.isDirectory() && node.isDirectory())) {
                removeTree(path);
            }
            addMissingParents(entry.parts(), node.layer(), written);
            nodes.put(path, node);
            written.add(path);
            if (entry.content() != null) {
                contents.put(path, entry.content());
            }
        }

        private static Node node(TarArchiveEntry entry, String path, int layer) {
            TarEntry.Type type;
            if (entry.isDirectory()) {
                type = TarEntry.Type.DIRECTORY;
            } else if (entry.isSymbolicLink()) {
                type = TarEntry.Type.SYMLINK;
            } else if (entry.isLink()) {
                type = TarEntry.Type.HARDLINK;
            } else if (entry.isCharacterDevice()) {
                type = TarEntry.Type.CHAR_DEVICE;
            } else if (entry.isBlockDevice()) {
                type = TarEntry.Type.BLOCK_DEVICE;
            } else if (entry.isFIFO()) {
                type = TarEntry.Type.FIFO;
            } else if (entry.isFile()) {
                type = TarEntry.Type.FILE;
            } else {
                return null;
            }
            String link = type == TarEntry.Type.SYMLINK ? entry.getLinkName()
                    : type == TarEntry.Type.HARDLINK ? normalize(entry.getLinkName()) : null;
            return new Node(path, type, entry.getMode() & 07777, entry.getLongUserId(), entry.getLongGroupId(),
                    type == TarEntry.Type.FILE ? entry.getSize() : 0, link, layer);
        }

        /** Parent directories a layer leaves out exist all the same once it is unpacked (0755, root). */
        private void addMissingParents(List<String> parts, int layer, Set<String> written) {
            String parent = "";
            for (int i = 0; i < parts.size() - 1; i++) {
                parent = parent.isEmpty() ? parts.get(i) : parent + "/" + parts.get(i);
                if (!nodes.containsKey(parent)) {
                    nodes.put(parent, new Node(parent, TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, null, layer));
                    written.add(parent);
                }
            }
        }

        private void removeTree(String path) {
            remove(path);
            for (String child : new ArrayList<>(nodes.subMap(path + "/", true, path + "0", false).keySet())) {
                remove(child);
            }
        }

        private void remove(String path) {
            nodes.remove(path);
            contents.remove(path);
        }

        ImageFilesystem build() {
            for (Node node : nodes.values()) {
                if (node.type() == TarEntry.Type.HARDLINK && !contents.containsKey(node.path())
                        && contents.containsKey(node.linkTarget()) && capture.test(node.path())) {
                    contents.put(node.path(), contents.get(node.linkTarget()));
                }
            }
            return new ImageFilesystem(nodes, contents);
        }
    }
}
