package dev.distill.cli;

import dev.distill.lock.Lock;
import dev.distill.lock.LockFile;
import dev.distill.lock.Locker;
import dev.distill.spec.Catalog;
import dev.distill.spec.ImageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lock", mixinStandardHelpOptions = true,
        description = {"Resolve a spec against the signed Debian indices and write <name>.lock.json next to it.",
            "The lock pins every package of both sides, for every architecture, by SHA-256."})
final class LockCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(paramLabel = "SPEC", description = "A spec file or a catalog name (python, static, …).")
    String spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the lock here instead.")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Mixin
    ArchiveOptions archive;

    @Override
    public Integer call() {
        Console console = parent.console();
        Catalog.Found found = SpecArgument.find(console, spec);
        ImageSpec imageSpec = found.spec();
        Path target = output != null ? output : found.lockFile(console.workingDir());
        try (Services services = new Services(console, quiet)) {
            Lock lock = new Locker(services.archive(archive, imageSpec)).lock(imageSpec);
            LockFile.write(lock, target);
            for (String arch : lock.archs()) {
                long runtime = lock.packages(arch).stream().filter(p -> p.side().equals(ImageSpec.RUNTIME)).count();
                long dev = lock.packages(arch).size();
                console.out().printf("%s %s: %d runtime packages, %d dev packages, %d dropped dependencies%n",
                        imageSpec.name(), arch, runtime, dev, lock.dropped().getOrDefault(arch, List.of()).size());
            }
            console.out().println("wrote " + console.workingDir().relativize(target.toAbsolutePath()));
        }
        return 0;
    }
}
