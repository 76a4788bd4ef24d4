package dev.distill.container;

import dev.distill.common.DistillException;
import dev.distill.oci.BlobSource;
import dev.distill.oci.Compression;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Image;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies image layers, in order, to a directory that becomes a container's root file system. Layers are gzip,
 * zstd or plain tars (told apart by their first bytes); OCI whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}) hide
 * what lower layers put there.
 *
 * <p>Layers are untrusted. An entry is refused when its path is absolute, has a {@code ..} component, or passes
 * through anything but a real directory (a symlink from a lower layer never redirects a write); a hard link must
 * name an existing non-directory inside the root. Device nodes and FIFOs are skipped and reported. Owners, modes
 * (setuid/setgid kept, and reported) and modification times are applied as the layer says, which needs root.
 * Each layer's bytes are checked against its digest.
 */
public final class RootfsUnpacker {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";
    private static final int BUFFER = 64 * 1024;

    /** Applies every layer of {@code image} to {@code root}, creating it if needed. */
    public UnpackReport unpack(Image image, Path root) {
        Extraction extraction = new Extraction(root);
        for (Descriptor layer : image.layers()) {
            extraction.apply(image.blobs(), layer);
        }
        return extraction.finish();
    }

    /** Applies one layer to {@code root}, on top of whatever is there. */
    public UnpackReport apply(BlobSource blobs, Descriptor layer, Path root) {
        Extraction extraction = new Extraction(root);
        extraction.apply(blobs, layer);
        return extraction.finish();
    }

    /** One unpacking run: the root, what it found, and directory times set once all entries are in. */
    private static final class Extraction {
        private final Path root;
        private final List<String> setuidOrSetgid = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final Map<Path, FileTime> directoryTimes = new LinkedHashMap<>();
        /** Paths checked to be real directories; a path leaves the set when an entry replaces or removes it. */
        private final NavigableSet<String> directories = new TreeSet<>();

        Extraction(Path root) {
            this.root = root;
            try {
                Files.createDirectories(root);
                if (Files.isSymbolicLink(root)) {
                    throw new DistillException("cannot unpack into " + root + ": it is a symbolic link");
                }
                Files.setAttribute(root, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new DistillException("cannot prepare root file system " + root + ": " + e.getMessage(), e);
            }
        }

        void apply(BlobSource blobs, Descriptor layer) {
            Digest digest = layer.digest();
            try (DigestInputStream digesting = new DigestInputStream(blobs.open(digest), digest.newHasher());
                 TarArchiveInputStream tar = new TarArchiveInputStream(
                         Compression.decompress(new BufferedInputStream(digesting, BUFFER)))) {
                LayerEntries entries = new LayerEntries(digest);
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    entries.apply(entry, tar);
                }
                digesting.transferTo(OutputStream.nullOutputStream());
                String actual = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
                if (!actual.equals(digest.hex())) {
                    throw new DistillException("layer " + digest + " does not match its digest (its content hashes to "
                            + digest.algorithm() + ":" + actual + "); " + root + " is incomplete");
                }
            } catch (IOException e) {
                throw new DistillException("cannot apply layer " + digest + " to " + root + ": " + e.getMessage(), e);
            }
        }

        UnpackReport finish() {
            for (Map.Entry<Path, FileTime> entry : directoryTimes.entrySet()) {
                try {
                    setTime(entry.getKey(), entry.getValue());
                } catch (NoSuchFileException e) {
                    // removed by a later entry or layer
                } catch (IOException e) {
                    throw new DistillException("cannot set the time of " + entry.getKey() + ": " + e.getMessage(), e);
                }
            }
            return new UnpackReport(setuidOrSetgid, skipped);
        }

        /** The entries of one layer; whiteouts only hide what lower layers wrote, never this layer's entries. */
        private final class LayerEntries {
            private final Digest layer;
            private final Set<String> written = new HashSet<>();

            LayerEntries(Digest layer) {
                this.layer = layer;
            }

            void apply(TarArchiveEntry entry, InputStream content) {
                String path = normalize(entry.getName(), entry.getName());
                try {
                    if (path.isEmpty()) {
                        if (entry.isDirectory()) {
                            setOwnerAndMode(root, entry, path);
                            directoryTimes.put(root, entry.getLastModifiedTime());
                        }
                        return;
                    }
                    String parent = parentOf(path);
                    String name = path.substring(parent.isEmpty() ? 0 : parent.length() + 1);
                    if (name.equals(OPAQUE_MARKER)) {
                        hideLowerChildren(entry.getName(), parent);
                    } else if (name.startsWith(WHITEOUT_PREFIX)) {
                        hideWhitedOut(entry.getName(), parent, name.substring(WHITEOUT_PREFIX.length()));
                    } else {
                        extract(entry, content, path, ensureDirectory(entry.getName(), parent));
                    }
                } catch (IOException e) {
                    throw new DistillException("layer " + layer + ": cannot extract '" + entry.getName() + "' into "
                            + root + ": " + e.getMessage(), e);
                }
            }

            private void extract(TarArchiveEntry entry, InputStream content, String path, Path parentDir)
                    throws IOException {
                Path target = parentDir.resolve(path.substring(path.lastIndexOf('/') + 1));
                if (entry.isDirectory()) {
                    Optional<BasicFileAttributes> existing = RootfsPaths.lstat(target);
                    if (existing.isEmpty() || !existing.get().isDirectory()) {
                        if (existing.isPresent()) {
                            remove(path);
                        }
                        Files.createDirectory(target);
                    }
                    directories.add(path);
                    setOwnerAndMode(target, entry, path);
                    directoryTimes.put(target, entry.getLastModifiedTime());
                } else if (entry.isSymbolicLink()) {
                    remove(path);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    setOwner(target, entry);
                    setTime(target, entry.getLastModifiedTime());
                } else if (entry.isLink()) {
                    Path source = hardLinkSource(entry, path);
                    remove(path);
                    Files.createLink(target, source);
                } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    skipped.add(path + " (" + (entry.isFIFO() ? "FIFO" : "device node") + ")");
                    return;
                } else if (entry.isFile()) {
                    remove(path);
                    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        content.transferTo(out);
                    }
                    setOwnerAndMode(target, entry, path);
                    setTime(target, entry.getLastModifiedTime());
                } else {
                    throw refused(entry.getName(), "unsupported tar entry type");
                }
                written.add(path);
            }

            private Path hardLinkSource(TarArchiveEntry entry, String path) throws IOException {
                String linkName = entry.getLinkName();
                if (linkName.startsWith("/") || List.of(linkName.split("/")).contains("..")) {
                    throw refused(entry.getName(), "hard link to '" + linkName + "' points outside the root file system");
                }
                String source = normalize(linkName, entry.getName());
                if (source.isEmpty() || source.equals(path)) {
                    throw refused(entry.getName(), "hard link to '" + linkName + "' names no file");
                }
                Optional<String> blocked = firstNonDirectory(parentOf(source));
                if (blocked.isPresent()) {
                    throw refused(entry.getName(), "hard link target '" + linkName + "' passes through '"
                            + blocked.get() + "', which is not a directory");
                }
                Path sourcePath = root.resolve(source);
                Optional<BasicFileAttributes> attributes = RootfsPaths.lstat(sourcePath);
                if (attributes.isEmpty() || attributes.get().isDirectory()) {
                    throw refused(entry.getName(), "hard link target '" + linkName + "' is "
                            + (attributes.isEmpty() ? "missing" : "a directory"));
                }
                return sourcePath;
            }

            private void hideWhitedOut(String entryName, String parent, String hidden) throws IOException {
                if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                    throw refused(entryName, "malformed whiteout");
                }
                if (hidden.startsWith(WHITEOUT_PREFIX)) {
                    return; // other .wh..wh. names are reserved for the storage driver and carry nothing to apply
                }
                if (existingDirectory(entryName, parent).isPresent()) {
                    hideLower(join(parent, hidden));
                }
            }

            private void hideLowerChildren(String entryName, String parent) throws IOException {
                Optional<Path> dir = existingDirectory(entryName, parent);
                if (dir.isEmpty()) {
                    return;
                }
                for (String child : childNames(dir.get())) {
                    hideLower(join(parent, child));
                }
            }

            private void hideLower(String path) throws IOException {
                Path target = root.resolve(path);
                if (!written.contains(path)) {
                    remove(path);
                    return;
                }
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    for (String child : childNames(target)) {
                        hideLower(join(path, child));
                    }
                }
            }

            /** The directory at {@code path}, created (with missing parents, 0755 root) when absent. */
            private Path ensureDirectory(String entryName, String path) throws IOException {
                checkDirectories(entryName, path);
                Path dir = root;
                String walked = "";
                for (String component : path.isEmpty() ? new String[0] : path.split("/")) {
                    dir = dir.resolve(component);
                    walked = join(walked, component);
                    if (!directories.contains(walked)) {
                        // checkDirectories stopped at the first missing component: this one and the rest are new
                        Files.createDirectory(dir);
                        Files.setAttribute(dir, "unix:mode", 0755);
                        directories.add(walked);
                        written.add(walked);
                    }
                }
                return dir;
            }

            private Optional<Path> existingDirectory(String entryName, String path) throws IOException {
                checkDirectories(entryName, path);
                Path dir = root.resolve(path);
                return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(dir) : Optional.empty();
            }

            private void checkDirectories(String entryName, String path) throws IOException {
                Optional<String> blocked = firstNonDirectory(path);
                if (blocked.isPresent()) {
                    throw refused(entryName, "its parent '" + blocked.get() + "' is not a directory"
                            + (Files.isSymbolicLink(root.resolve(blocked.get())) ? " but a symbolic link" : ""));
                }
            }

            /** For regular files and directories this extraction created or checked: never a symlink. */
            private void setOwnerAndMode(Path target, TarArchiveEntry entry, String path) throws IOException {
                setOwner(target, entry);
                int mode = entry.getMode() & 07777;
                Files.setAttribute(target, "unix:mode", mode);
                if ((mode & 06000) != 0 && !entry.isDirectory()) {
                    setuidOrSetgid.add(path);
                }
            }

            private void setOwner(Path target, TarArchiveEntry entry) throws IOException {
                Files.setAttribute(target, "unix:uid", id(entry, entry.getLongUserId()), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(target, "unix:gid", id(entry, entry.getLongGroupId()), LinkOption.NOFOLLOW_LINKS);
            }

            private int id(TarArchiveEntry entry, long id) {
                if (id < 0 || id > Integer.MAX_VALUE) {
                    throw refused(entry.getName(), "owner id " + id + " is out of range");
                }
                return (int) id;
            }

            /** The path relative to the root, without {@code .} or empty components; refuses escapes. */
            private String normalize(String name, String entryName) {
                if (name.startsWith("/")) {
                    throw refused(entryName, "absolute paths are not allowed in a layer");
                }
                List<String> components = new ArrayList<>();
                for (String component : name.split("/")) {
                    if (component.equals("..")) {
                        throw refused(entryName, "'..' would leave the root file system");
                    }
                    if (!component.isEmpty() && !component.equals(".")) {
                        components.add(component);
                    }
                }
                return String.join("/", components);
            }

            private DistillException refused(String entryName, String reason) {
                return new DistillException("layer " + layer + ": refusing entry '" + entryName + "': " + reason);
            }
        }

        /**
         * The first component of the relative {@code path} that exists but is not a real directory (a symlink, a
         * file), or empty when every existing component is a directory.
         */
        private Optional<String> firstNonDirectory(String path) throws IOException {
            int from = 0;
            while (!path.isEmpty()) {
                int slash = path.indexOf('/', from);
                String prefix = slash < 0 ? path : path.substring(0, slash);
                if (!directories.contains(prefix)) {
                    Optional<BasicFileAttributes> attributes = RootfsPaths.lstat(root.resolve(prefix));
                    if (attributes.isEmpty()) {
                        return Optional.empty();
                    }
                    if (!attributes.get().isDirectory()) {
                        return Optional.of(prefix);
                    }
                    directories.add(prefix);
                }
                if (slash < 0) {
                    break;
                }
                from = slash + 1;
            }
            return Optional.empty();
        }

        /** Removes whatever is at {@code path}, a whole tree for a directory. */
        private void remove(String path) throws IOException {
            RootfsPaths.deleteTree(root.resolve(path));
            directories.remove(path);
            directories.subSet(path + "/", path + "0").clear();
        }

        /** Sets the modification time; the access time gets the same value (reading it first costs a stat). */
        private static void setTime(Path target, FileTime mtime) throws IOException {
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, mtime, null);
        }
    }

    private static List<String> childNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                names.add(child.getFileName().toString());
            }
        }
        return names;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }
}
