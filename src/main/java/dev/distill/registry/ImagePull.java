package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * Pulls an image into an OCI layout: the index or manifest, every child manifest, config and layer (each verified
 * against its digest while streaming), and the artifacts that refer to any of its manifests. Manifests are stored
 * with the exact bytes the registry served (Docker ones included), and the layout's index names the image last, so
 * a failed pull leaves no name pointing at missing content.
 */
public final class ImagePull {
    private static final int MAX_DEPTH = 4;

    private final Registries registries;

    public ImagePull(Registries registries) {
        this.registries = registries;
    }

    /** Pulls {@code reference} into {@code into} under the name {@code refName}; returns the top descriptor. */
    public Descriptor pull(ImageReference reference, OciLayout into, String refName, TransferListener listener) {
        RegistryRepository repository = registries.repository(reference, false);
        FetchedManifest top = repository.fetchManifest(reference.reference());
        List<Descriptor> manifests = new ArrayList<>();
        fetch(repository, top, into, listener, manifests, 0);

        List<Descriptor> artifacts = new ArrayList<>();
        for (Descriptor manifest : manifests) {
            for (Descriptor referrer : repository.referrers(manifest.digest())) {
                if (MediaTypes.isManifest(referrer.mediaType())) {
                    fetch(repository, repository.fetchManifest(referrer.digest().toString()), into, listener,
                            new ArrayList<>(), 0);
                    artifacts.add(referrer);
                }
            }
        }
        if (!artifacts.isEmpty()) {
            into.updateIndex(entries -> {
                for (Descriptor artifact : artifacts) {
                    if (entries.stream().noneMatch(e -> e.refName() == null && e.digest().equals(artifact.digest()))) {
                        entries.add(artifact);
                    }
                }
                return entries;
            });
        }
        into.tag(refName, top.descriptor());
        return top.descriptor();
    }

    private void fetch(RegistryRepository repository, FetchedManifest fetched, OciLayout into,
                       TransferListener listener, List<Descriptor> manifests, int depth) {
        Descriptor descriptor = fetched.descriptor();
        if (depth > MAX_DEPTH) {
            throw new DistillException("indexes nested too deeply under " + descriptor.digest() + " in " + repository);
        }
        manifests.add(descriptor);
        String what = repository + " manifest " + descriptor.digest();
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            for (Descriptor child : OciJson.read(fetched.content(), ImageIndex.class, what).manifests()) {
                if (MediaTypes.isIndex(child.mediaType()) || MediaTypes.isManifest(child.mediaType())) {
                    fetch(repository, repository.fetchManifest(child.digest().toString()), into, listener, manifests,
                            depth + 1);
                }
            }
        } else {
            Manifest manifest = OciJson.read(fetched.content(), Manifest.class, what);
            if (manifest.config() != null) {
                repository.pullBlob(manifest.config(), into, listener);
            }
            for (Descriptor layer : manifest.layers()) {
                repository.pullBlob(layer, into, listener);
            }
        }
        into.writeBlob(descriptor.mediaType(), fetched.content());
    }
}
