package dev.distill.lock;

import dev.distill.debian.BinaryPackage;
import dev.distill.debian.DebianArchive;
import dev.distill.debian.Distro;
import dev.distill.debian.PackageUniverse;
import dev.distill.debian.Resolution;
import dev.distill.debian.Resolver;
import dev.distill.spec.ImageSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a spec against the archive, for every architecture and both sides, into a {@link Lock}. The dev side
 * is resolved on top of the runtime side (its choices kept), plus Debian's Essential set, so that dev's package
 * database is complete and {@code apt-get install} works in it.
 */
public final class Locker {
    /** Both sides of one architecture. */
    public record Pair(Resolution runtime, Resolution dev) {
    }

    private final DebianArchive archive;

    public Locker(DebianArchive archive) {
        this.archive = archive;
    }

    public Lock lock(ImageSpec spec) {
        Map<String, List<Lock.Package>> packages = new LinkedHashMap<>();
        Map<String, List<Lock.Dropped>> dropped = new LinkedHashMap<>();
        for (String arch : spec.archs()) {
            Pair pair = resolve(spec, arch);
            Resolution runtime = pair.runtime();
            Resolution dev = pair.dev();
            packages.put(arch, dev.packages().stream().map(c -> locked(c, arch)).toList());
            List<Lock.Dropped> drops = new ArrayList<>();
            runtime.dropped().forEach(d -> drops.add(new Lock.Dropped(ImageSpec.RUNTIME, d.from(), d.dependency(), d.excluded())));
            dev.dropped().forEach(d -> drops.add(new Lock.Dropped(ImageSpec.DEV, d.from(), d.dependency(), d.excluded())));
            dropped.put(arch, drops);
        }
        List<Lock.Suite> suites = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (DebianArchive.LoadedSuite s : archive.loadedSuites()) {
            if (seen.add(s.suite().name())) {
                Instant date = s.release().date();
                suites.add(new Lock.Suite(s.suite().name(), archiveName(s.suite()), "sha256:" + s.inReleaseSha256(),
                        date.toString()));
            }
        }
        return new Lock(Lock.VERSION, spec.name(), spec.resolutionDigest(), spec.distro().id(), suites, packages,
                dropped);
    }

    /**
     * Whether {@code existing} is what {@link #lock} would write now: made by this lock format from this spec, for
     * its architectures, and from the very InRelease files the archive serves now (fetched and verified here). The
     * resolution is a function of the spec and the indices those InRelease files pin, so it need not run again.
     */
    public boolean isCurrent(ImageSpec spec, Lock existing) {
        if (existing.lockVersion() != Lock.VERSION || !existing.specDigest().equals(spec.resolutionDigest())
                || !existing.distro().equals(spec.distro().id())
                || !Set.copyOf(existing.archs()).equals(Set.copyOf(spec.archs()))
                || existing.suites().size() != spec.distro().suites().size()) {
            return false;
        }
        for (Distro.Suite suite : spec.distro().suites()) {
            Lock.Suite pinned = existing.suite(suite.name());
            for (String arch : spec.archs()) {
                String served = "sha256:" + archive.suite(suite, arch).inReleaseSha256();
                if (pinned == null || !pinned.inRelease().equals(served)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Resolves both sides of a spec for one architecture. */
    public Pair resolve(ImageSpec spec, String arch) {
        PackageUniverse universe = archive.universe(spec.distro(), arch);
        Resolver resolver = new Resolver(universe);
        Resolution runtime = resolver.resolve(requests(spec.runtime().packages()), ImageSpec.RUNTIME,
                Set.copyOf(spec.runtime().exclude()), null);
        List<Resolver.Request> devRequests = requests(spec.dev().packages());
        for (BinaryPackage essential : universe.essential()) {
            devRequests.add(new Resolver.Request(essential.name(), null));
        }
        Resolution dev = resolver.resolve(devRequests, ImageSpec.DEV, Set.copyOf(spec.dev().exclude()), runtime);
        return new Pair(runtime, dev);
    }

    /** Resolves one side's packages only (for {@code distill why PACKAGES… TARGET}). */
    public Resolution resolvePackages(Distro distro, String arch, List<String> names, List<String> exclude) {
        PackageUniverse universe = archive.universe(distro, arch);
        return new Resolver(universe).resolve(requests(names), ImageSpec.RUNTIME, Set.copyOf(exclude), null);
    }

    static String archiveName(Distro.Suite suite) {
        return suite.archive() == Distro.Suite.Archive.SECURITY ? "security" : "main";
    }

    private static List<Resolver.Request> requests(List<String> names) {
        List<Resolver.Request> requests = new ArrayList<>();
        for (String n : names) {
            requests.add(Resolver.Request.parse(n));
        }
        return requests;
    }

    private static Lock.Package locked(Resolution.Chosen c, String arch) {
        BinaryPackage p = c.pkg();
        return new Lock.Package(p.name(), p.version(), p.architecture(), p.source(), p.sourceVersion(), p.suite(),
                p.filename(), p.size(), p.sha256(), c.side());
    }
}
