package dev.distill.pair;

import dev.distill.oci.Layer;

/** Hears about a build's progress (the CLI prints it; tests count). Thread-safe implementations only. */
public interface PairBuildListener {
    PairBuildListener NONE = new PairBuildListener() {
    };

    /** A layer was unpacked and compressed. */
    default void layerWritten(String arch, String group, Layer layer) {
    }

    /** A layer was taken from the cache: nothing was unpacked or compressed. */
    default void layerReused(String arch, String group, Layer layer) {
    }

    default void imageBuilt(String ref, String arch, int packages) {
    }
}
