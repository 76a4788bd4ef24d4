package dev.distill.build;

import dev.distill.common.DistillException;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.registry.ImageReference;
import dev.distill.registry.Registries;
import dev.distill.registry.RegistryBlobSource;
import dev.distill.registry.RegistryRepository;
import dev.distill.registry.TransferListener;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the images a Dockerfile names: {@code oci:DIR[:REF]}, {@code oci-archive:FILE[:REF]}, a name in the local
 * layout (its {@code org.opencontainers.image.ref.name}), or a registry reference {@code HOST[:PORT]/REPO[:TAG]}.
 * Images from archives and registries are copied into the build cache's store, so every image comes with a layout
 * its blobs can be read from (and later copied into the output layout).
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
     * @param store       where blobs from archives and registries are put
     * @param registries  opened only when an image comes from a registry
     */
    public BaseImages(Path workingDir, Path localLayout, OciLayout store, Supplier<Registries> registries) {
        this.workingDir = workingDir;
        this.localLayout = localLayout;
        this.store = store;
        this.registries = registries;
    }

    BaseImage resolve(String reference, Platform platform) {
        if (reference.startsWith(LAYOUT)) {
            PathAndName parsed = PathAndName.parse(reference.substring(LAYOUT.length()), workingDir);
            OciLayout layout = OciLayout.open(parsed.path());
            Descriptor top = parsed.name() == null ? onlyImage(layout.index(), reference) : layout.resolve(parsed.name());
            return new BaseImage(reference, ImageReader.image(layout, top, reference, platform), layout);
        }
        if (reference.startsWith(ARCHIVE)) {
            PathAndName parsed = PathAndName.parse(reference.substring(ARCHIVE.length()), workingDir);
            ImageIndex index = OciArchive.importInto(parsed.path(), store);
            Descriptor top = parsed.name() == null ? onlyImage(index, reference) : named(index, parsed.name(), reference);
            return new BaseImage(reference, ImageReader.image(store, top, reference, platform), store);
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

    private static Descriptor onlyImage(ImageIndex index, String reference) {
        List<Descriptor> manifests = index.manifests();
        if (manifests.size() != 1) {
            List<String> names = manifests.stream().map(Descriptor::refName).filter(n -> n != null).sorted().toList();
            throw new DistillException(reference + " holds " + manifests.size() + " images; name one as "
                    + reference + ":NAME" + (names.isEmpty() ? "" : " (names: " + String.join(", ", names) + ")"));
        }
        return manifests.get(0);
    }

    private static Descriptor named(ImageIndex index, String name, String reference) {
        return index.manifests().stream().filter(d -> name.equals(d.refName())).findFirst()
                .orElseThrow(() -> new DistillException("no image named " + name + " in " + reference));
    }

    /** {@code PATH[:NAME]} as the {@code oci:} transport writes it: the first ':' ends the path. */
    private record PathAndName(Path path, String name) {
        static PathAndName parse(String text, Path workingDir) {
            int colon = text.indexOf(':');
            String path = colon < 0 ? text : text.substring(0, colon);
            String name = colon < 0 || colon == text.length() - 1 ? null : text.substring(colon + 1);
            return new PathAndName(workingDir.resolve(path), name);
        }
    }
}
