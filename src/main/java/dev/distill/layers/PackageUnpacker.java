package dev.distill.layers;

import dev.distill.common.DistillException;
import dev.distill.common.Hashing;
import dev.distill.debian.DebFile;
import dev.distill.debian.Paragraph;
import dev.distill.oci.Layer;
import dev.distill.oci.LayerCompression;
import dev.distill.oci.LayerWriter;
import dev.distill.oci.OciLayout;
import dev.distill.oci.TarEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unpacks packages into one layer, streaming: each {@code .deb} is read once, its data.tar entries checked, moved
 * under {@code /usr}, filtered and written straight into the compressed layer, while their MD5 sums, the file
 * list and the files the effects need are collected. Nothing is extracted to disk.
 */
public final class PackageUnpacker {
    /** No single file in a package may be larger than this. */
    public static final long MAX_FILE_SIZE = 4L << 30;

    /** The layer written and what each package installed. */
    public record Result(Layer layer, List<InstalledPackage> packages) {
    }

    private final UnpackOptions options;

    public PackageUnpacker(UnpackOptions options) {
        this.options = options;
    }

    /** Writes {@code packages} (in the order given) into one new layer of {@code layout}. */
    public Result writeLayer(OciLayout layout, LayerCompression compression, List<PackageFile> packages) {
        try (LayerWriter writer = new LayerWriter(layout, compression)) {
            LayerState state = new LayerState(writer);
            List<InstalledPackage> installed = new ArrayList<>();
            for (PackageFile pkg : packages) {
                installed.add(unpack(pkg, state));
            }
            return new Result(writer.finish(), installed);
        } catch (IOException e) {
            throw new DistillException("cannot write layer for " + names(packages) + ": " + e.getMessage(), e);
        }
    }

    private InstalledPackage unpack(PackageFile pkg, LayerState state) throws IOException {
        String label = pkg.name() + " " + pkg.version();
        PackageState ps = new PackageState();
        DebFile.Control control = DebFile.read(pkg.deb(), label, (entry, content) -> entry(pkg, entry, content, state, ps));
        Paragraph fields = control.fields();
        if (!pkg.name().equals(fields.get("Package")) || !pkg.version().equals(fields.get("Version"))) {
            throw new DistillException(pkg.deb() + " is " + fields.get("Package") + " " + fields.get("Version")
                    + ", not the " + label + " the lock names: refused");
        }
        Map<String, String> conffiles = new LinkedHashMap<>();
        String conffileList = control.text("conffiles");
        if (conffileList != null) {
            for (String line : conffileList.split("\n")) {
                String path = line.strip();
                if (path.startsWith("remove-on-upgrade ")) {
                    continue;
                }
                if (!path.isEmpty()) {
                    String installed = PathPolicy.installedPath(path.startsWith("/") ? "." + path : path, pkg.name());
                    String md5 = ps.md5.get(installed);
                    if (md5 != null) {
                        conffiles.put("/" + installed, md5);
                    }
                }
            }
        }
        List<String> md5sums = new ArrayList<>();
        for (var e : ps.md5.entrySet()) {
            if (!conffiles.containsKey("/" + e.getKey())) {
                md5sums.add(e.getValue() + "  " + e.getKey());
            }
        }
        InstalledPackage installed = new InstalledPackage(pkg.name(), pkg.version(),
                fields.get("Architecture", pkg.architecture()), fields.get("Multi-Arch"), fields,
                List.copyOf(ps.paths), List.copyOf(md5sums), conffiles,
                Alternatives.parse(control.text("postinst")), Map.copyOf(ps.links), Map.copyOf(ps.captured),
                List.copyOf(ps.setIdCleared));
        if (options.withStatusD()) {
            writeStatusD(installed, state, ps.newest);
        }
        return installed;
    }

    private void entry(PackageFile pkg, TarArchiveEntry entry, InputStream content, LayerState state, PackageState ps)
            throws IOException {
        String original = PathPolicy.normalized(entry.getName(), pkg.name());
        if (original == null) {
            return;
        }
        // base-files ships the merged-/usr links themselves (bin -> usr/bin): they stay where they are
        boolean mergedLink = entry.isSymbolicLink() && PathPolicy.isMergedRoot(original);
        String path = mergedLink ? original : PathPolicy.mergedUsr(original);
        long mtime = clamp(entry.getModTime().toInstant().getEpochSecond());
        ps.newest = Math.max(ps.newest, mtime);
        int uid = (int) entry.getLongUserId();
        int gid = (int) entry.getLongGroupId();
        int mode = entry.getMode() & 07777;
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new DistillException("package " + pkg.name() + " contains a device node or FIFO /" + path + ": refused");
        }
        if (entry.isDirectory()) {
            TarEntry dir = TarEntry.directory(path, mode, uid, gid, mtime);
            if (options.policy().drops(path)) {
                state.pendingDirs.putIfAbsent(path, dir);
            } else {
                state.add(dir, null);
                ps.paths.add(path);
            }
            return;
        }
        if (options.policy().drops(path)) {
            return;
        }
        if (entry.isSymbolicLink()) {
            String target = mergedLink ? entry.getLinkName()
                    : PathPolicy.linkTarget(original, path, entry.getLinkName(), pkg.name());
            state.add(TarEntry.symlink(path, target, mtime), null);
            ps.links.put(path, target);
        } else if (entry.isLink()) {
            String target = PathPolicy.installedPath(entry.getLinkName().startsWith("/")
                    ? "." + entry.getLinkName() : entry.getLinkName(), pkg.name());
            if (target == null || !ps.files.contains(target)) {
                throw new DistillException("package " + pkg.name() + " has a hard link /" + path + " to "
                        + entry.getLinkName() + ", which it does not ship before it: refused");
            }
            state.add(TarEntry.hardlink(path, target, mode, uid, gid, mtime), null);
            ps.md5.put(path, ps.md5.get(target));
        } else if (entry.isFile()) {
            if (entry.getSize() > MAX_FILE_SIZE) {
                throw new DistillException("package " + pkg.name() + " has a file /" + path + " of " + entry.getSize()
                        + " bytes, more than Distill accepts: refused");
            }
            if (options.clearSetId() && (mode & 06000) != 0) {
                mode &= ~06000;
                ps.setIdCleared.add("/" + path);
            }
            Md5Stream md5 = new Md5Stream(content);
            boolean capture = options.capture().test(path);
            InputStream source = md5;
            byte[] captured = null;
            if (capture) {
                captured = md5.readNBytes((int) entry.getSize());
                source = new ByteArrayInputStream(captured);
            }
            state.add(TarEntry.file(path, mode, uid, gid, mtime, entry.getSize()), source);
            if (capture) {
                ps.captured.put(path, captured);
            }
            ps.md5.put(path, md5.hex());
            ps.files.add(path);
        } else {
            throw new DistillException("package " + pkg.name() + " has an entry of an unknown type at /" + path
                    + ": refused");
        }
        ps.paths.add(path);
    }

    private void writeStatusD(InstalledPackage pkg, LayerState state, long mtime) throws IOException {
        String base = "var/lib/dpkg/status.d/" + pkg.name();
        byte[] status = StatusRecords.statusParagraph(pkg).getBytes(StandardCharsets.UTF_8);
        state.add(TarEntry.file(base, 0644, 0, 0, mtime, status.length), new ByteArrayInputStream(status));
        byte[] md5sums = (String.join("\n", pkg.md5sums()) + (pkg.md5sums().isEmpty() ? "" : "\n"))
                .getBytes(StandardCharsets.UTF_8);
        state.add(TarEntry.file(base + ".md5sums", 0644, 0, 0, mtime, md5sums.length),
                new ByteArrayInputStream(md5sums));
    }

    private long clamp(long mtime) {
        Long limit = options.clampMtime();
        return limit != null && mtime > limit ? limit : mtime;
    }

    private static String names(List<PackageFile> packages) {
        return String.join(", ", packages.stream().map(PackageFile::name).toList());
    }

    /** What one layer has written so far: directories are written once, parents always before children. */
    private static final class LayerState {
        private final LayerWriter writer;
        private final Set<String> written = new HashSet<>();
        private final Map<String, TarEntry> pendingDirs = new HashMap<>();

        LayerState(LayerWriter writer) {
            this.writer = writer;
        }

        void add(TarEntry entry, InputStream content) throws IOException {
            ensureParents(entry.path(), entry.mtime());
            if (entry.isDirectory()) {
                if (written.add(entry.path())) {
                    writer.add(entry);
                }
                return;
            }
            written.add(entry.path());
            writer.add(entry, content == null ? InputStream.nullInputStream() : content);
        }

        private void ensureParents(String path, long mtime) throws IOException {
            String parent = TarEntry.parentOf(path);
            if (parent == null || written.contains(parent)) {
                return;
            }
            ensureParents(parent, mtime);
            TarEntry pending = pendingDirs.get(parent);
            writer.add(pending != null ? pending : TarEntry.directory(parent, 0755, 0, 0, mtime));
            written.add(parent);
        }
    }

    /** What one package has shown so far. */
    private static final class PackageState {
        private final List<String> paths = new ArrayList<>();
        private final Set<String> files = new HashSet<>();
        private final Map<String, String> md5 = new LinkedHashMap<>();
        private final Map<String, byte[]> captured = new HashMap<>();
        private final Map<String, String> links = new HashMap<>();
        private final List<String> setIdCleared = new ArrayList<>();
        private long newest;
    }

    /** Computes the MD5 of what is read through it. */
    private static final class Md5Stream extends FilterInputStream {
        private final MessageDigest md5 = Hashing.md5();

        Md5Stream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                md5.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                md5.update(b, off, n);
            }
            return n;
        }

        @Override
        public void close() {
            // the tar stream stays open
        }

        String hex() {
            return Hashing.hex(md5);
        }
    }
}
