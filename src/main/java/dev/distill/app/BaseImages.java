package dev.distill.app;

import dev.distill.common.DistillException;
import dev.distill.oci.BlobSource;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.LocalImage;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.registry.ImageReference;
import dev.distill.registry.Registries;
import dev.distill.registry.RegistryBlobSource;
import dev.distill.registry.RegistryRepository;
import dev.distill.registry.TransferListener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the images a Dockerfile names: {@code oci:DIR[:REF]}, {@code oci-archive:FILE[:REF]}, a name in the local
 * layout (its {@code org.opencontainers.image.ref.name}), or a registry reference {@code HOST[:PORT]/REPO[:TAG]}.
 * Images from other layouts, archives and registries are copied into the build cache's store, so every image comes
 * with a layout its blobs can be read from (and later copied into the output layout).
 */
public final class BaseImages {
    private static final String LAYOUT = "oci:";
    private static final String ARCHIVE = "oci-archive:";

    private final Path workingDir;
    private final Path localLayout;
    private final OciLayout store;
    private final Supplier<Registries> registries;

    /**
     * @param workingDir  relative {@code oci:} and {@code oci-archive:} paths are resolved against it
     * @param localLayout the layout plain names are looked up in (it may not exist yet)
     * @param store       where blobs from other layouts, archives and registries are put
     * @param registries  opened only when an image comes from a registry
     */
    public BaseImages(Path workingDir, Path localLayout, OciLayout store, Supplier<Registries> registries) {
        this.workingDir = workingDir;
        this.localLayout = localLayout;
        this.store = store;
        this.registries = registries;
    }

    BaseImage resolve(String reference, Platform platform) {
        if (reference.startsWith(LAYOUT) || reference.startsWith(ARCHIVE)) {
            try (LocalImage local = LocalImage.open(absolute(reference), localLayout)) {
                return imported(reference, local.image(platform));
            }
        }
        Optional<BaseImage> local = local(reference, platform);
        if (local.isPresent()) {
            return local.get();
        }
        ImageReference remote;
        try {
            remote = ImageReference.parse(reference);
        } catch (DistillException notARegistryReference) {
            throw new DistillException("no image named " + reference + " in " + localLayout + describeLocal()
                    + "; build it first (e.g. distill build python), or name an image as oci:DIR[:REF], "
                    + "oci-archive:FILE[:REF] or HOST[:PORT]/REPOSITORY:TAG", notARegistryReference);
        }
        return pull(remote, reference, platform);
    }

    /** The reference with its path made absolute against the working directory: the path ends at the first ':'. */
    private String absolute(String reference) {
        String transport = reference.startsWith(LAYOUT) ? LAYOUT : ARCHIVE;
        String rest = reference.substring(transport.length());
        int colon = rest.indexOf(':');
        String path = colon < 0 ? rest : rest.substring(0, colon);
        return transport + workingDir.resolve(path) + (colon < 0 ? "" : rest.substring(colon));
    }

    /** Copies an image's manifest, config and layers into the store, each checked against its digest. */
    private BaseImage imported(String reference, Image image) {
        BlobSource blobs = image.blobs();
        copy(blobs, image.manifest().config());
        image.layers().forEach(layer -> copy(blobs, layer));
        store.writeBlob(image.descriptor().mediaType(), blobs.read(image.descriptor().digest()));
        return new BaseImage(reference, ImageReader.manifestImage(store, image.descriptor(), reference), store);
    }

    private void copy(BlobSource blobs, Descriptor blob) {
        if (store.has(blob.digest())) {
            return;
        }
        OciLayout.BlobWriter writer = store.newBlob();
        try (InputStream in = blobs.open(blob.digest())) {
            in.transferTo(writer);
            Digest written = writer.commit(blob.mediaType()).digest();
            if (!written.equals(blob.digest())) {
                throw new DistillException("blob " + blob.digest() + " is corrupt: its content hashes to " + written);
            }
        } catch (IOException e) {
            throw new DistillException("cannot copy blob " + blob.digest() + " into " + store.root() + ": "
                    + e.getMessage(), e);
        } finally {
            writer.abort();
        }
    }

    private Optional<BaseImage> local(String reference, Platform platform) {
        if (!OciLayout.isLayout(localLayout)) {
            return Optional.empty();
        }
        OciLayout layout = OciLayout.open(localLayout);
        Optional<Descriptor> found = layout.find(reference);
        if (found.isEmpty() && !reference.substring(reference.lastIndexOf('/') + 1).contains(":")) {
            found = layout.find(reference + ":latest");
        }
        return found.map(top -> new BaseImage(reference, ImageReader.image(layout, top, reference, platform), layout));
    }

    private String describeLocal() {
        if (!OciLayout.isLayout(localLayout)) {
            return " (there is no layout there)";
        }
        List<String> names = OciLayout.open(localLayout).refNames();
        return names.isEmpty() ? " (it has no named images)" : " (it has: " + String.join(", ", names) + ")";
    }

    /** Copies the platform's manifest, config and layers into the store, so the build reads them locally. */
    private BaseImage pull(ImageReference reference, String written, Platform platform) {
        RegistryRepository repository = registries.get().repository(reference, false);
        RegistryBlobSource remote = new RegistryBlobSource(repository);
        Image image = ImageReader.image(remote, remote.resolve(reference.reference()), written, platform);
        repository.pullBlob(image.manifest().config(), store, TransferListener.NONE);
        for (Descriptor layer : image.layers()) {
            repository.pullBlob(layer, store, TransferListener.NONE);
        }
        store.writeBlob(image.descriptor().mediaType(), remote.read(image.descriptor().digest()));
        return new BaseImage(written, ImageReader.manifestImage(store, image.descriptor(), written), store);
    }
}
