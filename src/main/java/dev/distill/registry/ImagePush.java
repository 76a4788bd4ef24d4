package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes an image to a registry: every blob (skipping what the repository has, mounting what a sibling
 * repository has), every manifest and nested index by digest, the SBOM artifacts that refer to them, and finally
 * the top index or manifest under each tag, so a tag never points at something incomplete.
 */
public final class ImagePush {
    private static final int MAX_DEPTH = 4;

    private final Registries registries;

    public ImagePush(Registries registries) {
        this.registries = registries;
    }

    /** Pushes the image and returns its top descriptor (whose digest the registry now serves under each tag). */
    public Descriptor push(PushRequest request, TransferListener listener) {
        RegistryRepository repository = registries.repository(request.target(), true);
        Run run = new Run(request, repository, listener);
        run.pushManifest(request.top(), 0);
        run.pushReferrers();
        byte[] top = run.pushed.get(request.top().digest());
        for (String tag : request.effectiveTags()) {
            repository.putManifest(tag, request.top().mediaType(), top);
        }
        return request.top();
    }

    /** The state of one push: what has been pushed so far. */
    private static final class Run {
        private final PushRequest request;
        private final RegistryRepository repository;
        private final TransferListener listener;
        private final Set<Digest> blobsDone = new HashSet<>();
        private final Map<Digest, byte[]> pushed = new HashMap<>();

        Run(PushRequest request, RegistryRepository repository, TransferListener listener) {
            this.request = request;
            this.repository = repository;
            this.listener = listener;
        }

        void pushManifest(Descriptor descriptor, int depth) {
            if (depth > MAX_DEPTH) {
                throw new DistillException("indexes nested too deeply under " + request.top().digest());
            }
            byte[] content = request.source().read(descriptor.digest());
            String what = "manifest " + descriptor.digest() + " of " + request.target();
            if (MediaTypes.isIndex(descriptor.mediaType())) {
                for (Descriptor child : OciJson.read(content, ImageIndex.class, what).manifests()) {
                    pushManifest(child, depth + 1);
                }
            } else if (MediaTypes.isManifest(descriptor.mediaType())) {
                pushBlobsOf(OciJson.read(content, Manifest.class, what));
            } else {
                throw new DistillException("cannot push " + what + ": unsupported media type "
                        + descriptor.mediaType());
            }
            repository.putManifest(descriptor.digest().toString(), descriptor.mediaType(), content);
            pushed.put(descriptor.digest(), content);
        }

        private void pushBlobsOf(Manifest manifest) {
            List<Descriptor> blobs = new ArrayList<>();
            if (manifest.config() != null) {
                blobs.add(manifest.config());
            }
            blobs.addAll(manifest.layers());
            for (Descriptor blob : blobs) {
                if (blobsDone.add(blob.digest())) {
                    repository.pushBlob(blob, request.source(), request.mountFrom(), listener);
                }
            }
        }

        /**
         * Pushes each artifact, then, for registries that did not index the artifact's subject themselves (no
         * {@code OCI-Subject} answer), adds it to the subject's {@code sha256-<hex>} tag index.
         */
        void pushReferrers() {
            Map<Digest, List<Descriptor>> unindexed = new LinkedHashMap<>();
            for (Descriptor referrer : request.referrers()) {
                byte[] content = request.source().read(referrer.digest());
                Manifest artifact = OciJson.read(content, Manifest.class, "artifact " + referrer.digest());
                if (artifact.subject() == null || !pushed.containsKey(artifact.subject().digest())) {
                    throw new DistillException("artifact " + referrer.digest() + " does not describe a manifest of "
                            + request.target() + " (its subject is "
                            + (artifact.subject() == null ? "missing" : artifact.subject().digest()) + ")");
                }
                pushBlobsOf(artifact);
                boolean indexed = repository.putManifest(referrer.digest().toString(), referrer.mediaType(), content);
                if (!indexed) {
                    unindexed.computeIfAbsent(artifact.subject().digest(), d -> new ArrayList<>())
                            .add(referrerEntry(referrer, artifact, content));
                }
            }
            unindexed.forEach(repository::addFallbackReferrers);
        }

        /** The descriptor of an artifact as a referrers list shows it: with its artifact type and annotations. */
        private static Descriptor referrerEntry(Descriptor referrer, Manifest artifact, byte[] content) {
            String artifactType = artifact.artifactType() != null ? artifact.artifactType()
                    : artifact.config() == null ? null : artifact.config().mediaType();
            return new Descriptor(referrer.mediaType(), referrer.digest(), content.length, null,
                    artifact.annotations(), null, artifactType);
        }
    }
}
