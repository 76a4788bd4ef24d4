package dev.distill.testing;

import dev.distill.debian.DebianArchive;
import dev.distill.debian.Distro;
import dev.distill.debian.Mirrors;
import dev.distill.debian.trust.InReleaseVerifier;
import dev.distill.debian.trust.Keyring;
import dev.distill.fetch.Cache;
import dev.distill.fetch.Fetcher;
import dev.distill.fetch.ProgressListener;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The real Debian mirror this machine's apt sources name, for tests that read the archive. Downloads go to a
 * cache shared by the tests of one build ({@code target/test-cache}), so each file is fetched once per run.
 */
public final class DebianMirror {
    private DebianMirror() {
    }

    public static Mirrors mirrors() {
        return Mirrors.resolve(List.of(), Path.of("/etc/apt"));
    }

    public static Path sharedCacheDir() {
        return Path.of("target", "test-cache").toAbsolutePath();
    }

    public static Cache sharedCache() {
        return new Cache(sharedCacheDir());
    }

    public static Fetcher fetcher() {
        return new Fetcher(sharedCache(), ProgressListener.NONE);
    }

    public static DebianArchive archive(Fetcher fetcher) {
        return new DebianArchive(fetcher, mirrors(), new InReleaseVerifier(Keyring.bundled()), Instant.now(), false);
    }

    public static Distro trixie() {
        return Distro.DEBIAN_13;
    }
}
