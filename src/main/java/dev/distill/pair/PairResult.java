package dev.distill.pair;

import dev.distill.oci.Descriptor;

import java.util.List;

/** A built pair: the multi-architecture index of each side and the per-architecture images. */
public record PairResult(String runtimeRef, Descriptor runtimeIndex, String devRef, Descriptor devIndex,
                         List<ArchImages> archs) {
}
