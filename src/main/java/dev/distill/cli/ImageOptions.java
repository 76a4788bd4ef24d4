package dev.distill.cli;

import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where an image named on the command line is read: an OCI layout directory and an architecture. */
final class ImageOptions {
    @Option(names = "--layout", paramLabel = "DIR", defaultValue = "out",
            description = "The OCI image layout holding the images (default: ${DEFAULT-VALUE}).")
    Path layout;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "Debian architecture of the image to read: amd64, arm64, … (default: the only one, "
                    + "else this machine's).")
    String arch;

    OciLayout openLayout(Console console) {
        return OciLayout.open(console.workingDir().resolve(layout));
    }

    /** The single-platform image {@code ref} names in the layout. */
    Image image(OciLayout layout, String ref) {
        return ImageReader.image(layout, layout.resolve(ref), ref, arch == null ? null : Platform.ofDebianArch(arch));
    }
}
