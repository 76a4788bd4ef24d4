package dev.distill.cli;

import dev.distill.app.AppBuildListener;
import dev.distill.app.AppBuildOptions;
import dev.distill.app.BuiltImage;
import dev.distill.app.dockerfile.BuildPlanner;
import dev.distill.app.dockerfile.Step;
import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.container.RunSpec;
import dev.distill.oci.Descriptor;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.registry.PushDestination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "build-app", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a Dockerfile (multi-stage) without a daemon into an OCI layout.",
            "RUN steps run under runc (as root on this machine). Each step's layer is",
            "cached by the hash of its inputs: an unchanged rebuild runs nothing and",
            "gives the same digest. FROM takes a name in the layout (python:3.13-dev),",
            "oci:DIR[:REF], oci-archive:FILE[:REF], HOST[:PORT]/REPO:TAG, scratch or",
            "an earlier stage. --push stores the built image in a registry too.",
            "",
            "Example: distill build-app -t app:1 --build-arg VERSION=2 --push registry.example:5000/app ."})
final class BuildAppCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(paramLabel = "CONTEXT", defaultValue = ".", description = "The build context directory (default: .).")
    Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE",
            description = "The Dockerfile (default: CONTEXT/Dockerfile).")
    Path dockerfile;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME:TAG",
            description = "Name the image in the layout (':latest' when no tag is given).")
    String tag;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "Set a build argument. Repeatable.")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage (name or index), not the last.")
    String target;

    @Option(names = "--network", paramLabel = "host|none", defaultValue = "host",
            description = "The network RUN steps get unless they say RUN --network=… (default: host).")
    String network;

    @Option(names = "--layout", paramLabel = "DIR", defaultValue = "out",
            description = "The OCI layout the image is written to and FROM names are found in (default: ./out).")
    Path layout;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Build for this platform (default: this "
            + "machine's); RUN steps need it to be this machine's.")
    String platform;

    @Option(names = "--push", paramLabel = "REF", description = "Then push the image with its SBOMs to "
            + "HOST[:PORT]/REPO (keeping the -t tag, else latest) or HOST[:PORT]/REPO:TAG. Repeatable.")
    List<String> push = new ArrayList<>();

    @Mixin
    RegistryAccess access;

    @Override
    public Integer call() {
        Console console = parent.console();
        List<PushDestination> destinations = Pushing.destinations(push);
        Path contextDir = console.workingDir().resolve(context);
        Path file = dockerfile != null ? console.workingDir().resolve(dockerfile) : contextDir.resolve("Dockerfile");
        String epoch = console.env().get("SOURCE_DATE_EPOCH");
        AppBuildOptions options = new AppBuildOptions(file, contextDir, normalizedTag(), buildArgs, target,
                network(), platform(), epoch == null || epoch.isBlank() ? null : sourceDateEpoch(epoch));
        Path layoutDir = console.workingDir().resolve(layout);
        try (Services services = new Services(console, true)) {
            BuiltImage image = services.appBuilder(layoutDir, new Progress(console), access).build(options);
            console.note("wrote " + image.layers() + " layers (" + image.baseLayers() + " from the base image) to "
                    + layout);
            console.out().println((image.tag() == null ? "" : image.tag() + " ") + image.manifest().digest());
            if (!destinations.isEmpty()) {
                OciLayout built = OciLayout.open(layoutDir);
                Descriptor top = image.tag() == null ? image.manifest() : built.resolve(image.tag());
                Pushing.push(console, services.registries(access), built, List.of(top), destinations, false, false);
            }
        }
        return 0;
    }

    private String normalizedTag() {
        return tag == null ? null : LayoutNames.withTag(tag);
    }

    private RunSpec.Network network() {
        return switch (network.toLowerCase(Locale.ROOT)) {
            case "host" -> RunSpec.Network.HOST;
            case "none" -> RunSpec.Network.NONE;
            default -> throw new DistillException(ExitCode.USAGE, "--network " + network
                    + " is not supported; use host or none");
        };
    }

    private Platform platform() {
        if (platform == null) {
            return null;
        }
        Platform parsed = BuildPlanner.parsePlatform(platform);
        if (parsed == null) {
            throw new DistillException(ExitCode.USAGE, "--platform " + platform + " is not os/arch[/variant]");
        }
        return parsed;
    }

    private static long sourceDateEpoch(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new DistillException("SOURCE_DATE_EPOCH=" + value + " is not a number of seconds", e);
        }
    }

    /** Prints each step as it starts (or is found in the cache) and what RUN steps print, on standard error. */
    private record Progress(Console console) implements AppBuildListener {
        @Override
        public void warning(String message) {
            console.note("warning: " + message);
        }

        @Override
        public void step(String stage, Step step, boolean cached) {
            console.note("[" + stage + "] " + step.text() + (cached ? " (cached)" : ""));
        }

        @Override
        public void output(String text) {
            console.err().print(text.endsWith("\n") ? text : text + "\n");
            console.err().flush();
        }
    }
}
