package dev.distill.pair;

import dev.distill.oci.Descriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A built pair: the multi-architecture index of each side (dev null when not built) and the per-architecture images. */
public record PairResult(String runtimeRef, Descriptor runtimeIndex, String devRef, Descriptor devIndex,
                         List<ArchImages> archs) {

    /** What the layout's index lists for this pair: both tagged indexes, then the SBOM artifacts. */
    public List<Descriptor> indexEntries() {
        List<Descriptor> entries = new ArrayList<>();
        entries.add(runtimeIndex.withAnnotations(Map.of(Descriptor.REF_NAME, runtimeRef)));
        if (devIndex != null) {
            entries.add(devIndex.withAnnotations(Map.of(Descriptor.REF_NAME, devRef)));
        }
        archs.forEach(a -> entries.addAll(a.sbomArtifacts()));
        return entries;
    }
}
