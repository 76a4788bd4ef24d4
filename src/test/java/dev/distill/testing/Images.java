package dev.distill.testing;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;

import java.nio.file.Path;
import java.util.List;

/** Reads images out of a layout for assertions. */
public final class Images {
    private Images() {
    }

    public static Image image(Path layout, String ref, String arch) {
        OciLayout l = OciLayout.open(layout);
        return ImageReader.image(l, l.resolve(ref), ref, Platform.ofDebianArch(arch));
    }

    public static List<Image> all(Path layout, String ref) {
        OciLayout l = OciLayout.open(layout);
        return ImageReader.images(l, l.resolve(ref), ref);
    }

    public static Descriptor top(Path layout, String ref) {
        return OciLayout.open(layout).resolve(ref);
    }
}
