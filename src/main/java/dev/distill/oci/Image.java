package dev.distill.oci;

import java.util.List;

/**
 * One single-platform image, read: its manifest and config (with the exact bytes they were read from), and where
 * its blobs are.
 */
public record Image(
        Descriptor descriptor,
        Manifest manifest,
        ImageConfig config,
        BlobSource blobs) {

    public List<Descriptor> layers() {
        return manifest.layers();
    }

    public long compressedSize() {
        return manifest.layersSize();
    }

    public Platform platform() {
        return config.platform();
    }
}
