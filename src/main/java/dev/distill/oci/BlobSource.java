package dev.distill.oci;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.io.InputStream;

/** Where an image's blobs can be read from: a layout, an archive, a registry. */
public interface BlobSource {
    /** Opens a blob. The caller closes the stream. Throws {@link DistillException} when the blob is missing. */
    InputStream open(Digest digest) throws IOException;

    /** Reads a small blob (manifest, config) whole and checks its digest. */
    default byte[] read(Digest digest) {
        try (InputStream in = open(digest)) {
            byte[] bytes = in.readAllBytes();
            Digest actual = Digest.sha256(bytes);
            if (digest.algorithm().equals("sha256") && !actual.equals(digest)) {
                throw new DistillException("blob " + digest + " has digest " + actual + ": the store is corrupt");
            }
            return bytes;
        } catch (IOException e) {
            throw new DistillException("cannot read blob " + digest + ": " + e.getMessage(), e);
        }
    }
}
