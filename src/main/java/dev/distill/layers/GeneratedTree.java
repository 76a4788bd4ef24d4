package dev.distill.layers;

import dev.distill.common.DistillException;
import dev.distill.common.Hashing;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerCompression;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.OciLayout;
import dev.distill.oci.TarEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Files Distill generates itself (the effects maintainer scripts would have had), collected and then written as
 * one layer: sorted by path, parents before children, every entry with the same timestamp.
 */
public final class GeneratedTree {
    private record Node(TarEntry entry, byte[] content, String origin) {
    }

    private static final Comparator<String> BY_COMPONENTS = (a, b) -> Arrays.compare(a.split("/"), b.split("/"));

    private final Map<String, Node> nodes = new TreeMap<>(BY_COMPONENTS);

    public GeneratedTree file(String path, String content, int mode, String origin) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode, 0, 0, origin);
    }

    public GeneratedTree file(String path, byte[] content, int mode, int uid, int gid, String origin) {
        String p = relative(path);
        nodes.put(p, new Node(TarEntry.file(p, mode, uid, gid, 0, content.length), content, origin));
        return this;
    }

    public GeneratedTree dir(String path, int mode, int uid, int gid, String origin) {
        String p = relative(path);
        nodes.put(p, new Node(TarEntry.directory(p, mode, uid, gid, 0), null, origin));
        return this;
    }

    public GeneratedTree symlink(String path, String target, String origin) {
        String p = relative(path);
        nodes.put(p, new Node(TarEntry.symlink(p, target, 0), null, origin));
        return this;
    }

    /** An OCI whiteout: the path is deleted from the layers below. */
    public GeneratedTree whiteout(String path, String origin) {
        String p = relative(path);
        String parent = TarEntry.parentOf(p);
        String name = parent == null ? p : p.substring(parent.length() + 1);
        String wh = (parent == null ? "" : parent + "/") + ".wh." + name;
        nodes.put(wh, new Node(TarEntry.file(wh, 0, 0, 0, 0, 0), new byte[0], origin));
        return this;
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** Generated paths (absolute) and the effect that made each, for {@code distill verify}. */
    public Map<String, String> origins() {
        Map<String, String> origins = new TreeMap<>();
        nodes.forEach((path, node) -> origins.put("/" + path, node.origin()));
        return origins;
    }

    /** Everything that decides the layer's bytes except the timestamp, as text: a cache key's input. */
    public String fingerprint() {
        StringBuilder out = new StringBuilder();
        nodes.forEach((path, node) -> {
            TarEntry e = node.entry();
            out.append(path).append(' ').append(e.type()).append(' ').append(Integer.toOctalString(e.mode()))
                    .append(' ').append(e.uid()).append(':').append(e.gid()).append(' ')
                    .append(e.linkTarget() == null ? "-" : e.linkTarget()).append(' ')
                    .append(node.content() == null ? "-" : Hashing.sha256Hex(node.content()))
                    .append('\n');
        });
        return out.toString();
    }

    /** Writes the tree as one layer, every entry (and implied parent) timestamped {@code mtime}. */
    public Layer write(OciLayout layout, LayerCompression compression, long mtime) {
        try (LayerWriter writer = new LayerWriter(layout, compression)) {
            Set<String> written = new HashSet<>();
            for (var e : nodes.entrySet()) {
                writeParents(writer, e.getKey(), written, mtime);
                TarEntry entry = e.getValue().entry().withMtime(mtime);
                if (written.add(e.getKey())) {
                    writer.add(entry, e.getValue().content() == null ? new byte[0] : e.getValue().content());
                }
            }
            return writer.finish();
        } catch (IOException e) {
            throw new DistillException("cannot write generated layer: " + e.getMessage(), e);
        }
    }

    private void writeParents(LayerWriter writer, String path, Set<String> written, long mtime)
            throws IOException {
        String parent = TarEntry.parentOf(path);
        if (parent == null || written.contains(parent)) {
            return;
        }
        writeParents(writer, parent, written, mtime);
        Node declared = nodes.get(parent);
        TarEntry dir = declared != null && declared.entry().isDirectory() ? declared.entry()
                : TarEntry.directory(parent, 0755, 0, 0, 0);
        writer.add(dir.withMtime(mtime));
        written.add(parent);
    }

    private static String relative(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty() || p.endsWith("/") || p.contains("//") || Arrays.asList(p.split("/")).contains("..")) {
            throw new DistillException("not a valid path for a generated file: '" + path + "'");
        }
        return p;
    }
}
