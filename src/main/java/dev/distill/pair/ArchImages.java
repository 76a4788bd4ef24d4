package dev.distill.pair;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Manifest;
import dev.distill.layers.InstalledPackage;

import java.util.List;
import java.util.Map;

/**
 * One architecture's pair as built: both manifests (the dev manifest's first layers are the runtime manifest's
 * layers), what each side installed, which generated file came from which effect, and the SBOM artifacts (SPDX
 * and CycloneDX) of both images. The dev fields are null when only the runtime image was built.
 */
public record ArchImages(
        String arch,
        Descriptor runtimeManifest,
        Manifest runtime,
        Descriptor devManifest,
        Manifest dev,
        List<InstalledPackage> runtimePackages,
        List<InstalledPackage> devPackages,
        Map<String, String> runtimeGenerated,
        List<Descriptor> sbomArtifacts) {

    /** How many of the dev image's layers are the runtime image's layers. */
    public int sharedLayers() {
        if (dev == null) {
            return 0;
        }
        int shared = 0;
        while (shared < runtime.layers().size() && shared < dev.layers().size()
                && runtime.layers().get(shared).equals(dev.layers().get(shared))) {
            shared++;
        }
        return shared;
    }
}
