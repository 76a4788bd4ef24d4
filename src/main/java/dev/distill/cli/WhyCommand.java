package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.debian.Distro;
import dev.distill.debian.Resolution;
import dev.distill.lock.Locker;
import dev.distill.spec.ImageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "why", mixinStandardHelpOptions = true,
        description = {"Show the dependency paths that pull a package into an image.",
            "The first argument is a spec (file or catalog name); or give package names to resolve instead.",
            "Examples:",
            "  distill why python libssl3t64",
            "  distill why curl git libgnutls30t64"})
final class WhyCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(arity = "2..*", paramLabel = "SPEC|PACKAGE… TARGET",
            description = "A spec, or the packages to resolve; then the package to explain.")
    List<String> arguments;

    @Option(names = "--arch", defaultValue = "amd64", description = "Architecture (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--side", description = "runtime or dev (default: the side that has the package).")
    String side;

    @Option(names = "--distro", defaultValue = "debian-13", description = "For package lists (default: ${DEFAULT-VALUE}).")
    String distro;

    @Option(names = "--limit", defaultValue = "10", description = "At most this many paths (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Mixin
    ArchiveOptions archive;

    @Override
    public Integer call() {
        Console console = parent.console();
        String target = arguments.get(arguments.size() - 1);
        List<String> first = arguments.subList(0, arguments.size() - 1);
        ImageSpec spec = first.size() == 1 ? specOrNull(console, first.get(0)) : null;
        try (Services services = new Services(console, quiet)) {
            Resolution resolution;
            String what;
            if (spec != null) {
                if (!spec.archs().contains(arch)) {
                    throw new DistillException(spec.source() + " is not built for " + arch);
                }
                Locker.Pair pair = new Locker(services.archive(archive, spec)).resolve(spec, arch);
                Resolution runtime = pair.runtime();
                Resolution dev = pair.dev();
                boolean inRuntime = runtime.find(target) != null;
                boolean useRuntime = side == null ? inRuntime : side.equals(ImageSpec.RUNTIME);
                resolution = useRuntime ? runtime : dev;
                what = useRuntime ? spec.runtimeRef() : spec.devRef();
            } else {
                resolution = new Locker(services.archive(archive, null))
                        .resolvePackages(Distro.parse(distro), arch, first, List.of());
                what = String.join(" ", first);
            }
            print(console, resolution, target, what);
        }
        return 0;
    }

    private void print(Console console, Resolution resolution, String target, String what) {
        Resolution.Chosen chosen = resolution.find(target);
        if (chosen == null) {
            List<String> dropped = new ArrayList<>();
            for (Resolution.DroppedEdge d : resolution.dropped()) {
                if (d.excluded().equals(target)) {
                    dropped.add("  " + d.from() + " → " + d.dependency());
                }
            }
            if (dropped.isEmpty()) {
                console.out().println(target + " is not in " + what + " (" + arch + ")");
            } else {
                console.out().println(target + " is not in " + what + " (" + arch + "): excluded; dependencies dropped:");
                dropped.forEach(console.out()::println);
            }
            return;
        }
        console.out().println(target + " " + chosen.pkg().version() + " is in " + what + " (" + arch + ") because:");
        for (List<Resolution.Edge> path : resolution.pathsTo(target, limit)) {
            StringBuilder line = new StringBuilder("  ");
            for (Resolution.Edge e : path) {
                if (e.from() == null) {
                    line.append(e.to()).append(" (requested)");
                } else {
                    line.append(" → ").append(e.to());
                    if (!e.dependency().equals(e.to())) {
                        line.append(" [").append(e.dependency()).append("]");
                    }
                }
            }
            console.out().println(line);
        }
    }

    private static ImageSpec specOrNull(Console console, String argument) {
        try {
            return SpecArgument.find(console, argument).spec();
        } catch (DistillException e) {
            if (argument.endsWith(".yaml") || argument.endsWith(".yml") || argument.contains("/")) {
                throw e;
            }
            return null;
        }
    }
}
