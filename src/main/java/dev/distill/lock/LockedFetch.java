package dev.distill.lock;

import dev.distill.debian.Distro;
import dev.distill.debian.Mirrors;
import dev.distill.fetch.Download;
import dev.distill.fetch.Fetcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Downloads a lock's packages (verified against the lock's SHA-256 and size) into the cache. */
public final class LockedFetch {
    private final Fetcher fetcher;
    private final Mirrors mirrors;

    public LockedFetch(Fetcher fetcher, Mirrors mirrors) {
        this.fetcher = fetcher;
        this.mirrors = mirrors;
    }

    /** The cached .deb of every package of {@code arch}, by package name, in the lock's order. */
    public Map<String, Path> fetch(Lock lock, String arch, List<Lock.Package> packages) {
        List<Download> downloads = packages.stream().map(p -> download(lock, p)).toList();
        List<Path> files = fetcher.fetchAll(lock.spec() + " " + arch + " packages", downloads);
        Map<String, Path> byName = new LinkedHashMap<>();
        for (int i = 0; i < packages.size(); i++) {
            byName.put(packages.get(i).name(), files.get(i));
        }
        return byName;
    }

    private Download download(Lock lock, Lock.Package p) {
        Lock.Suite suite = lock.suite(p.suite());
        Distro.Suite.Archive archive = suite != null && "security".equals(suite.archive())
                ? Distro.Suite.Archive.SECURITY : Distro.Suite.Archive.MAIN;
        URI url = URI.create(mirrors.archive(new Distro.Suite(p.suite(), archive)) + "/" + p.filename());
        return new Download(url, p.size(), p.sha256(), p.name() + " " + p.version() + " (" + p.arch() + ")");
    }
}
