package dev.distill.registry;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** Builds synthetic images in an OCI layout: random gzipped layers, configs, manifests, indexes and SBOMs. */
final class TestImages {
    static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    /** A layer blob and the digest of its uncompressed content. */
    record Layer(Descriptor blob, Digest diffId) {
    }

    private final OciLayout layout;
    private final Random random;

    TestImages(OciLayout layout, long seed) {
        this.layout = layout;
        this.random = new Random(seed);
    }

    OciLayout layout() {
        return layout;
    }

    /** A gzipped layer of {@code size} random bytes. */
    Layer layer(int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Layer(layout.writeBlob(MediaTypes.OCI_LAYER_GZIP, gzipped.toByteArray()), Digest.sha256(content));
    }

    /** An uncompressed layer of {@code size} random bytes. */
    Layer uncompressedLayer(int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        Descriptor blob = layout.writeBlob(MediaTypes.OCI_LAYER, content);
        return new Layer(blob, blob.digest());
    }

    /** An image manifest for {@code platform} with these layers; the descriptor carries the platform. */
    Descriptor image(Platform platform, List<Layer> layers) {
        ImageConfig config = new ImageConfig("2026-01-01T00:00:00Z", null, platform.architecture(), platform.os(),
                platform.variant(), null, ImageConfig.RootFs.layers(layers.stream().map(Layer::diffId).toList()),
                null);
        Descriptor configBlob = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        Manifest manifest = Manifest.image(configBlob, layers.stream().map(Layer::blob).toList(), null);
        return layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(manifest)).withPlatform(platform);
    }

    Descriptor index(List<Descriptor> manifests) {
        return layout.writeBlob(MediaTypes.OCI_INDEX, OciJson.write(ImageIndex.of(manifests)));
    }

    /**
     * An SBOM artifact manifest describing {@code subject}, listed in the layout's index without a ref name as
     * Distill stores them.
     */
    Descriptor sbom(Descriptor subject, String artifactType, String document) {
        Descriptor empty = layout.writeBlob(MediaTypes.OCI_EMPTY, EMPTY_JSON);
        Descriptor documentBlob = layout.writeBlob(artifactType, document.getBytes(StandardCharsets.UTF_8));
        Descriptor subjectDescriptor = Descriptor.of(subject.mediaType(), subject.digest(), subject.size());
        Manifest artifact = new Manifest(2, MediaTypes.OCI_MANIFEST, artifactType, empty, List.of(documentBlob),
                subjectDescriptor, Map.of("org.opencontainers.image.created", "2026-01-01T00:00:00Z"));
        Descriptor descriptor = layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(artifact))
                .withArtifactType(artifactType);
        layout.updateIndex(entries -> {
            entries.add(descriptor);
            return entries;
        });
        return descriptor;
    }

    /**
     * Every config and layer of the manifests under {@code index} and of the artifacts that describe them: what a
     * push to an empty repository uploads.
     */
    static Set<Digest> blobsUnder(OciLayout layout, Descriptor index) {
        List<Descriptor> manifests = new ArrayList<>(
                OciJson.read(layout.read(index.digest()), ImageIndex.class, "index").manifests());
        manifests.addAll(LayoutReferrers.of(layout, index));
        Set<Digest> blobs = new LinkedHashSet<>();
        for (Descriptor descriptor : manifests) {
            Manifest manifest = OciJson.read(layout.read(descriptor.digest()), Manifest.class, "manifest");
            blobs.add(manifest.config().digest());
            manifest.layers().forEach(layer -> blobs.add(layer.digest()));
        }
        return blobs;
    }

    /** Every blob digest reachable from {@code top} (manifests, configs, layers), in a stable order. */
    static List<Digest> digestsUnder(OciLayout layout, Descriptor top) {
        List<Digest> digests = new ArrayList<>();
        collect(layout, top, digests);
        return digests;
    }

    private static void collect(OciLayout layout, Descriptor descriptor, List<Digest> into) {
        into.add(descriptor.digest());
        byte[] content = layout.read(descriptor.digest());
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            for (Descriptor child : OciJson.read(content, ImageIndex.class, "index").manifests()) {
                collect(layout, child, into);
            }
        } else {
            Manifest manifest = OciJson.read(content, Manifest.class, "manifest");
            into.add(manifest.config().digest());
            manifest.layers().forEach(layer -> into.add(layer.digest()));
        }
    }
}
