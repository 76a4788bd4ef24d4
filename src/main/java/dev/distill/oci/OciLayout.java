package dev.distill.oci;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;
import dev.distill.common.HashingOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An OCI image layout directory. Blobs are immutable and written under a temporary name then renamed, and
 * {@code index.json} is replaced atomically under a lock, so a failed or concurrent write never leaves a layout
 * that points at a missing or half-written blob.
 */
public final class OciLayout implements BlobSource {
    private static final byte[] LAYOUT_MARKER = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private final Path root;

    private OciLayout(Path root) {
        this.root = root;
    }

    /** Opens an existing layout; fails with a clear message when {@code root} is not one. */
    public static OciLayout open(Path root) {
        if (!Files.isRegularFile(root.resolve("oci-layout"))) {
            throw new DistillException(root + " is not an OCI image layout (no oci-layout file)");
        }
        return new OciLayout(root);
    }

    public static OciLayout openOrCreate(Path root) {
        try {
            Files.createDirectories(root.resolve("blobs").resolve("sha256"));
            if (!Files.exists(root.resolve("oci-layout"))) {
                AtomicFiles.write(root.resolve("oci-layout"), LAYOUT_MARKER);
            }
            if (!Files.exists(root.resolve("index.json"))) {
                AtomicFiles.write(root.resolve("index.json"), OciJson.write(ImageIndex.of(List.of())));
            }
        } catch (IOException e) {
            throw new DistillException("cannot create OCI layout " + root + ": " + e.getMessage(), e);
        }
        return new OciLayout(root);
    }

    public static boolean isLayout(Path dir) {
        return Files.isRegularFile(dir.resolve("oci-layout"));
    }

    public Path root() {
        return root;
    }

    public Path blobPath(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new DistillException("blob " + digest + " is missing from " + root);
        }
    }

    /** Writes a blob unless it is already there, and returns its descriptor. */
    public Descriptor writeBlob(String mediaType, byte[] content) {
        Digest digest = Digest.sha256(content);
        if (!has(digest)) {
            AtomicFiles.write(blobPath(digest), content);
        }
        return Descriptor.of(mediaType, digest, content.length);
    }

    /** Moves a file whose digest is known (and was verified by the caller) into the blob store. */
    public void importBlob(Path file, Digest digest) {
        Path target = blobPath(digest);
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.deleteIfExists(file);
            } else {
                AtomicFiles.moveIntoPlace(file, target);
            }
        } catch (IOException e) {
            throw new DistillException("cannot store blob " + digest + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Copies a blob that lives elsewhere into this layout, hard-linking where the file system allows. */
    public void copyBlobFrom(Path file, Digest digest) {
        Path target = blobPath(digest);
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + digest.hex(), ".tmp");
            Files.delete(tmp);
            try {
                Files.createLink(tmp, file);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(file, tmp);
            }
            AtomicFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            throw new DistillException("cannot copy blob " + digest + " into " + root + ": " + e.getMessage(), e);
        }
    }

    /** Starts writing a blob whose digest is not known yet. */
    public BlobWriter newBlob() {
        try {
            Path dir = root.resolve("blobs").resolve("sha256");
            Files.createDirectories(dir);
            return new BlobWriter(this, Files.createTempFile(dir, ".upload", ".tmp"));
        } catch (IOException e) {
            throw new DistillException("cannot write to OCI layout " + root + ": " + e.getMessage(), e);
        }
    }

    public ImageIndex index() {
        try {
            return OciJson.read(Files.readAllBytes(root.resolve("index.json")), ImageIndex.class, root + "/index.json");
        } catch (IOException e) {
            throw new DistillException("cannot read " + root.resolve("index.json") + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites {@code index.json}'s manifest list under a lock, atomically. */
    public void updateIndex(UnaryOperator<List<Descriptor>> change) {
        try (FileChannel channel = FileChannel.open(root.resolve("oci-layout"), StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            ImageIndex current = index();
            List<Descriptor> updated = change.apply(new ArrayList<>(current.manifests()));
            AtomicFiles.write(root.resolve("index.json"), OciJson.write(current.withManifests(updated)));
        } catch (IOException e) {
            throw new DistillException("cannot update " + root.resolve("index.json") + ": " + e.getMessage(), e);
        }
    }

    /** Points {@code refName} at {@code descriptor}, replacing what the name pointed at before. */
    public void tag(String refName, Descriptor descriptor) {
        updateIndex(manifests -> {
            manifests.removeIf(d -> refName.equals(d.refName()));
            manifests.add(descriptor.withAnnotations(withRef(descriptor, refName)));
            return manifests;
        });
    }

    public Optional<Descriptor> find(String refName) {
        return index().manifests().stream().filter(d -> refName.equals(d.refName())).findFirst();
    }

    /** The descriptor a name points at, or an error listing the names the layout has. */
    public Descriptor resolve(String refName) {
        return find(refName).orElseThrow(() -> new DistillException("no image named " + refName + " in " + root
                + " (it has: " + String.join(", ", refNames()) + ")"));
    }

    public List<String> refNames() {
        return index().manifests().stream().map(Descriptor::refName).filter(n -> n != null).sorted().toList();
    }

    private static Map<String, String> withRef(Descriptor descriptor, String refName) {
        var annotations = new TreeMap<String, String>();
        if (descriptor.annotations() != null) {
            annotations.putAll(descriptor.annotations());
        }
        annotations.put(Descriptor.REF_NAME, refName);
        return annotations;
    }

    /** A blob being written: hashed while written, renamed to its digest on {@link #commit()}. */
    public static final class BlobWriter extends HashingOutputStream {
        private final OciLayout layout;
        private final Path tmp;
        private boolean done;

        private BlobWriter(OciLayout layout, Path tmp) throws IOException {
            super(Files.newOutputStream(tmp));
            this.layout = layout;
            this.tmp = tmp;
        }

        /** Closes the file and moves it to its digest's place; returns the descriptor. */
        public Descriptor commit(String mediaType) {
            try {
                close();
                Digest digest = Digest.sha256Hex(sha256Hex());
                layout.importBlob(tmp, digest);
                done = true;
                return Descriptor.of(mediaType, digest, count());
            } catch (IOException e) {
                throw new DistillException("cannot write blob to " + layout.root + ": " + e.getMessage(), e);
            }
        }

        /** Drops the blob if it was not committed. */
        public void abort() {
            if (!done) {
                try {
                    close();
                } catch (IOException ignored) {
                    // the file is deleted next
                }
                AtomicFiles.deleteQuietly(tmp);
            }
        }
    }
}
