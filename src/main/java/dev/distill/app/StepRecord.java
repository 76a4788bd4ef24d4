package dev.distill.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Layer;

/** What a step left behind, as the build cache keeps it: its layer and diff id, both null when it changed nothing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StepRecord(Descriptor layer, Digest diffId) {
    static final StepRecord UNCHANGED = new StepRecord(null, null);

    static StepRecord of(Layer layer) {
        return new StepRecord(layer.descriptor(), layer.diffId());
    }

    boolean hasLayer() {
        return layer != null;
    }
}
