package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.container.ContainerRunner;
import dev.distill.container.RootfsUnpacker;
import dev.distill.container.RunResult;
import dev.distill.container.RunSpec;
import dev.distill.oci.Image;
import dev.distill.oci.LocalImage;
import dev.distill.oci.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an image under runc (as root on this machine), with its user, environment and entrypoint.",
            "Everything after -- replaces the image's command. The exit code is the container's.",
            "",
            "Example: distill run python:3.13 -- -c 'import ssl; print(ssl.OPENSSL_VERSION)'"})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "NAME:TAG in the layout, oci:DIR:NAME, oci-archive:FILE.")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Replaces the image's Cmd.")
    List<String> command = new ArrayList<>();

    @Option(names = "--entrypoint", paramLabel = "PATH", description = "Replace the image's entrypoint.")
    String entrypoint;

    @Option(names = "--network", paramLabel = "MODE", defaultValue = "none",
            description = "none (loopback only) or host (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as this user (name or uid[:gid]).")
    String user;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set an environment variable (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--arch", paramLabel = "ARCH", description = "Which platform of a multi-arch image (default: this machine's).")
    String arch;

    @Option(names = "--layout", paramLabel = "DIR", defaultValue = "out", description = "Layout for NAME:TAG (default: ${DEFAULT-VALUE}).")
    Path layout;

    @Override
    public Integer call() throws Exception {
        Console console = parent.console();
        RunSpec.Network mode = switch (network) {
            case "none" -> RunSpec.Network.NONE;
            case "host" -> RunSpec.Network.HOST;
            default -> throw new DistillException("--network must be none or host, not '" + network + "'");
        };
        try (LocalImage local = LocalImage.open(image, console.workingDir().resolve(layout))) {
            Image img = local.image(arch == null ? null : Platform.ofDebianArch(arch));
            RunSpec spec = RunSpec.fromImage(img.config(), entrypoint == null ? null : List.of(entrypoint),
                    command.isEmpty() ? null : command).withNetwork(mode).withOutput(RunSpec.Output.INHERIT)
                    .withStdin(true);
            if (user != null) {
                spec = spec.withUser(user);
            }
            for (String e : env) {
                int eq = e.indexOf('=');
                if (eq <= 0) {
                    throw new DistillException("--env takes NAME=VALUE, not '" + e + "'");
                }
                spec = spec.withEnv(e.substring(0, eq), e.substring(eq + 1));
            }
            Path work = Files.createTempDirectory("distill-run");
            try {
                console.out().flush();
                RunResult result = new ContainerRunner(new RootfsUnpacker(), work).run(img, spec);
                return result.exitCode();
            } finally {
                Files.deleteIfExists(work);
            }
        }
    }
}
