package dev.distill.compare;

import dev.distill.common.DistillException;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.spec.ImageSpec;

import java.util.ArrayList;
import java.util.List;

/** Reads every pair of a catalog from one OCI layout and compares each runtime image with its dev image. */
public final class CatalogReporter {
    private final ImageComparer comparer;

    public CatalogReporter(ImageComparer comparer) {
        this.comparer = comparer;
    }

    /**
     * The report for {@code arch}: one row per spec, in the order given. Every spec's runtime and dev image must be
     * in {@code layout}; the error names those that are not and how to build them.
     */
    public CatalogReport report(List<ImageSpec> specs, OciLayout layout, String arch) {
        List<String> missing = new ArrayList<>();
        for (ImageSpec spec : specs) {
            for (String ref : List.of(spec.runtimeRef(), spec.devRef())) {
                if (layout.find(ref).isEmpty()) {
                    missing.add(ref + " (distill build " + spec.name() + " --arch " + arch + " -o " + layout.root() + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new DistillException(layout.root() + " lacks images of the catalog: " + String.join(", ", missing));
        }
        Platform platform = Platform.ofDebianArch(arch);
        List<CatalogReport.Row> rows = new ArrayList<>();
        for (ImageSpec spec : specs) {
            String runtime = spec.runtimeRef();
            String dev = spec.devRef();
            rows.add(new CatalogReport.Row(spec.name(), comparer.compare(
                    runtime, ImageReader.image(layout, layout.resolve(runtime), runtime, platform),
                    dev, ImageReader.image(layout, layout.resolve(dev), dev, platform))));
        }
        return new CatalogReport(arch, rows);
    }
}
