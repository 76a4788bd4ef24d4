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

    /** Copies {@code ref} (its index, manifests, configs and layers) from the layout {@code from} into {@code to}. */
    public static void copy(Path from, String ref, OciLayout to) {
        OciLayout source = OciLayout.open(from);
        Descriptor top = source.resolve(ref);
        for (Image image : ImageReader.images(source, top, ref)) {
            for (Descriptor blob : image.layers()) {
                to.copyBlobFrom(source.blobPath(blob.digest()), blob.digest());
            }
            to.copyBlobFrom(source.blobPath(image.manifest().config().digest()), image.manifest().config().digest());
            to.copyBlobFrom(source.blobPath(image.descriptor().digest()), image.descriptor().digest());
        }
        to.copyBlobFrom(source.blobPath(top.digest()), top.digest());
        to.tag(ref, top);
    }
}
