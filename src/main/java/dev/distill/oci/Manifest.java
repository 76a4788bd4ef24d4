package dev.distill.oci;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An image manifest (OCI, or Docker schema 2, which has the same shape). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    public Manifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null || annotations.isEmpty() ? null : new TreeMap<>(annotations);
    }

    public static Manifest image(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        return new Manifest(2, MediaTypes.OCI_MANIFEST, null, config, layers, null, annotations);
    }

    /** The sum of the layer blobs' sizes: an image's compressed size. */
    public long layersSize() {
        return layers.stream().mapToLong(Descriptor::size).sum();
    }
}
