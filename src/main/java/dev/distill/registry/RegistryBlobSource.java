package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.BlobSource;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * The blobs of one registry repository, read on demand and verified while streaming: lets an image in a registry
 * be read like one in a layout ({@code ImageReader.images(source, source.resolve("3.13"), …)}).
 */
public final class RegistryBlobSource implements BlobSource {
    private final RegistryRepository repository;

    public RegistryBlobSource(RegistryRepository repository) {
        this.repository = repository;
    }

    /** The descriptor of the index or manifest a tag or digest names. */
    public Descriptor resolve(String reference) {
        return repository.fetchManifest(reference).descriptor();
    }

    /** A config or layer from the blob endpoint; a manifest or index (which registries serve apart) otherwise. */
    @Override
    public InputStream open(Digest digest) {
        return repository.findBlob(digest)
                .or(() -> repository.findManifest(digest.toString())
                        .map(manifest -> new ByteArrayInputStream(manifest.content())))
                .orElseThrow(() -> new DistillException("blob " + digest + " is missing from " + repository));
    }
}
