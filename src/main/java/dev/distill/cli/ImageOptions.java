package dev.distill.cli;

import dev.distill.oci.Image;
import dev.distill.oci.LocalImage;
import dev.distill.oci.Platform;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where an image named on the command line is read: {@code NAME:TAG} in an OCI layout (default ./out),
 * {@code oci:DIR[:NAME:TAG]} or {@code oci-archive:FILE[:NAME:TAG]}, and which architecture of it.
 */
final class ImageOptions {
    @Option(names = "--layout", paramLabel = "DIR", defaultValue = "out",
            description = "The OCI image layout holding NAME:TAG images (default: ${DEFAULT-VALUE}).")
    Path layout;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "Debian architecture of the image to read: amd64, arm64, … (default: the only one, "
                    + "else this machine's).")
    String arch;

    /** Finds the image; close the result to remove what an archive was extracted to. */
    LocalImage open(Console console, String reference) {
        return LocalImage.open(reference, console.workingDir().resolve(layout));
    }

    /** The single-platform image of the chosen architecture. */
    Image image(LocalImage local) {
        return local.image(arch == null ? null : Platform.ofDebianArch(arch));
    }
}
