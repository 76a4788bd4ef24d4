package dev.distill.cli;

import dev.distill.oci.Descriptor;
import dev.distill.oci.OciLayout;
import dev.distill.registry.PushDestination;
import dev.distill.spec.ImageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Push an image of the layout, or both images of a pair, to a registry: the",
            "multi-arch index, every manifest and blob, and the SBOM artifacts. Blobs the",
            "repository has are skipped; blobs a repository pushed to earlier by the same",
            "command has are mounted. A tag is stored only once all it points at is.",
            "To HOST[:PORT]/REPO each image keeps its own tag; HOST[:PORT]/REPO:TAG names",
            "the tag of one image. A dev image with a name of its own (jdk:21 of the jre",
            "pair) goes to the repository of that name next to REPO. Loopback registries",
            "get plain HTTP, others only with --insecure.",
            "",
            "Examples:",
            "  distill push python registry.example:5000/python",
            "      (python:3.13 and python:3.13-dev)",
            "  distill push jre registry.example:5000/team/jre",
            "      (team/jre:21 and team/jdk:21)",
            "  distill push app:1 registry.example:5000/team/app:1.0"})
final class PushCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(index = "0", paramLabel = "IMAGE|PAIR",
            description = "An image name in the layout (python:3.13), or a spec whose pair to push (python).")
    String image;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "REF",
            description = "HOST[:PORT]/REPO or HOST[:PORT]/REPO:TAG; several push to each in turn.")
    List<String> refs;

    @Option(names = "--layout", paramLabel = "DIR", defaultValue = "out",
            description = "The OCI layout holding the images (default: ${DEFAULT-VALUE}).")
    Path layout;

    @Mixin
    TransferOptions transfer;

    @Override
    public Integer call() {
        Console console = parent.console();
        List<PushDestination> destinations = Pushing.destinations(refs);
        OciLayout source = OciLayout.open(console.workingDir().resolve(layout));
        List<Descriptor> images = images(console, source);
        try (Services services = new Services(console, transfer.quiet)) {
            Pushing.push(console, services.registries(transfer.access), source, images, destinations,
                    transfer.quiet, transfer.json);
        }
        return 0;
    }

    /** The image the argument names in the layout, else the two images of the spec it names. */
    private List<Descriptor> images(Console console, OciLayout source) {
        if (image.contains(":") || source.find(image).isPresent()) {
            return List.of(source.resolve(image));
        }
        ImageSpec spec = SpecArgument.find(console, image).spec();
        return List.of(source.resolve(spec.runtimeRef()), source.resolve(spec.devRef()));
    }
}
