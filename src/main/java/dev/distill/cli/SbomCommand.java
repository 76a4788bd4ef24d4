package dev.distill.cli;

import dev.distill.oci.Image;
import dev.distill.oci.LocalImage;
import dev.distill.sbom.ImageInventory;
import dev.distill.sbom.SbomFormat;
import dev.distill.sbom.SbomSubject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "sbom", mixinStandardHelpOptions = true,
        description = {"Print the SBOM of an image: every Debian package with its version, architecture, purl,",
            "source package, maintainer, licence and dependencies, read from the image's dpkg database.",
            "Examples:",
            "  distill sbom python:3.13",
            "  distill sbom python:3.13-dev --format cyclonedx --arch arm64 -o python-dev.cdx.json"})
final class SbomCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(paramLabel = "IMAGE", description = "An image name in the layout, e.g. python:3.13.")
    String image;

    @Option(names = "--format", defaultValue = "spdx", paramLabel = "FORMAT",
            description = "spdx (SPDX 2.3 JSON) or cyclonedx (CycloneDX 1.6 JSON); default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin
    CommandOutput output;

    @Mixin
    ImageOptions images;

    @Override
    public Integer call() {
        Console console = parent.console();
        SbomFormat sbomFormat = SbomFormat.parse(format);
        try (LocalImage local = images.open(console, image)) {
            Image read = images.image(local);
            byte[] document = sbomFormat.write(ImageInventory.read(read).sbom(SbomSubject.of(local.name(), read)));
            output.emit(console, document);
        }
        return 0;
    }
}
