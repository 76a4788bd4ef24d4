package dev.distill.sbom;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SBOMs stored next to the image they describe in an OCI layout, as artifacts: a manifest whose
 * {@code artifactType} is the SBOM's media type, whose config is the OCI empty descriptor, whose one layer is the
 * document and whose {@code subject} is the image manifest. {@code index.json} lists each artifact without a ref
 * name (how {@code distill push} finds and pushes them with their image).
 */
public final class SbomArtifacts {
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String CREATED = "org.opencontainers.image.created";

    private final OciLayout layout;

    public SbomArtifacts(OciLayout layout) {
        this.layout = layout;
    }

    /**
     * Writes the SPDX and CycloneDX documents of {@code sbom} as artifacts whose subject is {@code imageManifest}
     * (a single-platform image manifest in this layout), replacing SBOMs attached to it before. Returns the two
     * artifact manifests' descriptors, SPDX first.
     */
    public List<Descriptor> attach(Descriptor imageManifest, Sbom sbom) {
        List<Descriptor> written = write(imageManifest, sbom);
        layout.updateIndex(entries -> {
            entries.removeIf(entry -> written.stream().anyMatch(w -> w.artifactType().equals(entry.artifactType()))
                    && entry.refName() == null && describes(entry, imageManifest));
            entries.addAll(written);
            return entries;
        });
        return written;
    }

    /**
     * Writes the artifacts' blobs only, leaving {@code index.json} alone: a build lists them together with the
     * images they describe, in one final update. Returns the artifact manifests' descriptors, SPDX first.
     */
    public List<Descriptor> write(Descriptor imageManifest, Sbom sbom) {
        List<Descriptor> written = new ArrayList<>();
        for (SbomFormat format : SbomFormat.values()) {
            Descriptor empty = layout.writeBlob(MediaTypes.OCI_EMPTY, EMPTY_JSON);
            Descriptor document = layout.writeBlob(format.mediaType(), format.write(sbom));
            Descriptor subject = Descriptor.of(imageManifest.mediaType(), imageManifest.digest(), imageManifest.size());
            Manifest artifact = new Manifest(2, MediaTypes.OCI_MANIFEST, format.mediaType(), empty, List.of(document),
                    subject, Map.of(CREATED, sbom.subject().created()));
            written.add(layout.writeBlob(MediaTypes.OCI_MANIFEST, OciJson.write(artifact))
                    .withArtifactType(format.mediaType()));
        }
        return written;
    }

    /** The document of the {@code format} SBOM attached to {@code imageManifest}, if there is one. */
    public Optional<byte[]> find(Descriptor imageManifest, SbomFormat format) {
        for (Descriptor entry : layout.index().manifests()) {
            if (entry.refName() == null && MediaTypes.isManifest(entry.mediaType())
                    && format.mediaType().equals(artifactType(entry)) && describes(entry, imageManifest)) {
                Manifest artifact = manifest(entry);
                if (artifact.layers().size() == 1) {
                    return Optional.of(layout.read(artifact.layers().get(0).digest()));
                }
            }
        }
        return Optional.empty();
    }

    private String artifactType(Descriptor entry) {
        return entry.artifactType() != null ? entry.artifactType() : manifest(entry).artifactType();
    }

    private boolean describes(Descriptor entry, Descriptor imageManifest) {
        if (!MediaTypes.isManifest(entry.mediaType())) {
            return false;
        }
        Manifest manifest = manifest(entry);
        return manifest.subject() != null && manifest.subject().digest().equals(imageManifest.digest());
    }

    private Manifest manifest(Descriptor entry) {
        return OciJson.read(layout.read(entry.digest()), Manifest.class, layout.root() + " manifest " + entry.digest());
    }
}
