package dev.distill.debian;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.common.Hashing;
import dev.distill.debian.trust.InReleaseVerifier;
import dev.distill.debian.trust.VerifiedRelease;
import dev.distill.fetch.Download;
import dev.distill.fetch.Fetcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Debian release from a mirror with every step verified: each suite's {@code InRelease} signature and
 * fields, then each {@code Packages} index against the size and SHA-256 the signed file gives, before parsing.
 * One instance serves one command: each suite's InRelease is read once.
 */
public final class DebianArchive {
    /** A suite as read: its verified Release and the digest of the InRelease bytes. */
    public record LoadedSuite(Distro.Suite suite, Release release, String inReleaseSha256, VerifiedRelease signature) {
    }

    private static final String[] INDEX_COMPRESSIONS = {"xz", "gz", ""};

    private final Fetcher fetcher;
    private final Mirrors mirrors;
    private final InReleaseVerifier verifier;
    private final Instant now;
    private final boolean allowExpired;
    private final Map<String, LoadedSuite> suites = new LinkedHashMap<>();

    public DebianArchive(Fetcher fetcher, Mirrors mirrors, InReleaseVerifier verifier, Instant now, boolean allowExpired) {
        this.fetcher = fetcher;
        this.mirrors = mirrors;
        this.verifier = verifier;
        this.now = now;
        this.allowExpired = allowExpired;
    }

    public Mirrors mirrors() {
        return mirrors;
    }

    /** Fetches and verifies a suite's InRelease (once per instance). */
    public synchronized LoadedSuite suite(Distro.Suite suite, String arch) {
        LoadedSuite loaded = suites.get(suite.name());
        if (loaded == null) {
            URI url = URI.create(mirrors.archive(suite) + "/dists/" + suite.name() + "/InRelease");
            byte[] bytes = fetcher.getIfExists(url, suite.name() + " InRelease").orElseThrow(() ->
                    new DistillException("suite " + suite.name() + " not found: " + url + " answered 404"));
            VerifiedRelease verified = verifier.verify(bytes, url.toString());
            Release release = Release.parse(verified.signedText(), url.toString());
            loaded = new LoadedSuite(suite, release, Hashing.sha256Hex(bytes), verified);
            suites.put(suite.name(), loaded);
        }
        loaded.release().check(suite.name(), arch, now, allowExpired);
        return loaded;
    }

    /** Every suite read so far, in the order they were read. */
    public synchronized List<LoadedSuite> loadedSuites() {
        return List.copyOf(suites.values());
    }

    /** The packages one architecture can install from all of a distro's suites (component main). */
    public PackageUniverse universe(Distro distro, String arch) {
        List<BinaryPackage> all = new ArrayList<>();
        List<String> suiteNames = new ArrayList<>();
        for (Distro.Suite suite : distro.suites()) {
            LoadedSuite loaded = suite(suite, arch);
            suiteNames.add(suite.name());
            all.addAll(packages(loaded, arch));
        }
        return new PackageUniverse(arch, suiteNames, all);
    }

    /** The URL of a package file in the archive its suite belongs to. */
    public URI packageUrl(Distro.Suite suite, String filename) {
        return URI.create(mirrors.archive(suite) + "/" + filename);
    }

    private List<BinaryPackage> packages(LoadedSuite loaded, String arch) {
        Release release = loaded.release();
        String base = "main/binary-" + arch + "/Packages";
        for (String compression : INDEX_COMPRESSIONS) {
            String path = base + (compression.isEmpty() ? "" : "." + compression);
            Release.IndexFile index = release.files().get(path);
            if (index == null) {
                continue;
            }
            String dir = mirrors.archive(loaded.suite()) + "/dists/" + loaded.suite().name() + "/";
            URI url = URI.create(dir + (release.acquireByHash()
                    ? "main/binary-" + arch + "/by-hash/SHA256/" + index.sha256() : path));
            Path file = fetcher.fetch(new Download(url, index.size(), index.sha256(), loaded.suite().name() + " " + path));
            return PackagesIndex.read(file, compression, loaded.suite().name(), url.toString());
        }
        throw new DistillException(ExitCode.CHECK_FAILED, release.source() + " lists no " + base
                + " index (component main, architecture " + arch + ")");
    }
}
