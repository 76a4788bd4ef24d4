package dev.distill.oci;

import dev.distill.common.DistillException;
import dev.distill.common.HashingOutputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes one layer: a deterministic tar, compressed, into an OCI layout blob. The diff id (digest of the tar)
 * and the blob digest are computed while the bytes stream; nothing is held in memory.
 */
public final class LayerWriter implements AutoCloseable {
    private final OciLayout.BlobWriter blob;
    private final Compression compression;
    private final HashingOutputStream tarBytes;
    private final OutputStream compressed;
    private final TarWriter tar;
    private boolean finished;

    /** A layer compressed on the writing thread. */
    public LayerWriter(OciLayout layout, Compression compression) {
        this(layout, LayerCompression.inline(compression));
    }

    /** A layer compressed as {@code how} says (its threads change the speed, not the bytes). */
    public LayerWriter(OciLayout layout, LayerCompression how) {
        this.blob = layout.newBlob();
        this.compression = how.compression();
        try {
            this.compressed = compression.compress(blob, how.pool(), how.threads());
        } catch (IOException e) {
            blob.abort();
            throw new DistillException("cannot start a layer in " + layout.root() + ": " + e.getMessage(), e);
        }
        this.tarBytes = new HashingOutputStream(compressed);
        this.tar = new TarWriter(tarBytes);
    }

    public void add(TarEntry entry, InputStream content) throws IOException {
        tar.write(entry, content);
    }

    public void add(TarEntry entry, byte[] content) throws IOException {
        tar.write(entry, new ByteArrayInputStream(content));
    }

    public void add(TarEntry entry) throws IOException {
        if (entry.type() == TarEntry.Type.FILE && entry.size() != 0) {
            throw new IllegalArgumentException("content required for " + entry.path());
        }
        tar.write(entry, InputStream.nullInputStream());
    }

    /** Ends the tar, the compressed stream and the blob; returns the stored layer. */
    public Layer finish() throws IOException {
        tar.finish();
        compressed.close();
        finished = true;
        Descriptor descriptor = blob.commit(compression.mediaType());
        return new Layer(descriptor, Digest.sha256Hex(tarBytes.sha256Hex()), tarBytes.count());
    }

    /** Drops the blob unless {@link #finish()} succeeded. */
    @Override
    public void close() {
        if (!finished) {
            blob.abort();
        }
    }
}
