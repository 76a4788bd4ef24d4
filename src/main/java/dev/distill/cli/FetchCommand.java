package dev.distill.cli;

import dev.distill.fetch.FetchStats;
import dev.distill.lock.Lock;
import dev.distill.lock.LockRequirement;
import dev.distill.lock.LockedFetch;
import dev.distill.lock.Locker;
import dev.distill.spec.Catalog;
import dev.distill.spec.ImageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a spec's packages into the cache, each verified against its SHA-256.",
            "Packages already in the cache are not downloaded again."})
final class FetchCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(paramLabel = "SPEC", description = "A spec file or a catalog name.")
    String spec;

    @Option(names = "--locked", description = "Use the existing lock file; fail if it does not match the spec.")
    boolean locked;

    @Option(names = "--arch", paramLabel = "ARCH", description = "Only these architectures (repeatable).")
    List<String> archs = new ArrayList<>();

    @Option(names = "--runtime-only", description = "Only the runtime side's packages.")
    boolean runtimeOnly;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Mixin
    ArchiveOptions archive;

    @Override
    public Integer call() {
        Console console = parent.console();
        Catalog.Found found = SpecArgument.find(console, spec);
        ImageSpec imageSpec = found.spec();
        try (Services services = new Services(console, quiet)) {
            Lock lock = LockRequirement.obtain(imageSpec, found.lockFile(console.workingDir()), locked,
                    () -> new Locker(services.archive(archive, imageSpec)));
            LockedFetch fetch = new LockedFetch(services.fetcher(), services.mirrors(archive, imageSpec));
            FetchStats before = services.fetcher().stats();
            int count = 0;
            for (String arch : lock.archs()) {
                if (!archs.isEmpty() && !archs.contains(arch)) {
                    continue;
                }
                var packages = lock.packages(arch).stream()
                        .filter(p -> !runtimeOnly || p.side().equals(ImageSpec.RUNTIME)).toList();
                count += fetch.fetch(lock, arch, packages).size();
            }
            FetchStats after = services.fetcher().stats();
            console.out().printf("%d packages: %d downloaded (%.1f MB), %d from the cache%n", count,
                    after.downloads() - before.downloads(), (after.bytesDownloaded() - before.bytesDownloaded()) / 1e6,
                    after.cacheHits() - before.cacheHits());
        }
        return 0;
    }
}
