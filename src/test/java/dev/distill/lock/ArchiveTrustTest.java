package dev.distill.lock;

import dev.distill.common.Hashing;
import dev.distill.fetch.Cache;
import dev.distill.fetch.Download;
import dev.distill.fetch.Fetcher;
import dev.distill.fetch.ProgressListener;
import dev.distill.testing.Cli;
import dev.distill.testing.FixturePackage;
import dev.distill.testing.FixtureRepository;
import dev.distill.testing.FixtureSuite;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every trust check of the archive path, end to end through the CLI against a signed repository served on
 * loopback: tampering is refused with a clear message and exit code 3, and nothing is cached.
 */
class ArchiveTrustTest {
    private static final String APP_DEB = "pool/main/a/app/app_1.0-1_amd64.deb";
    private static final String LIBFOO_DEB = "pool/main/f/foo/libfoo1_1.2-1+deb13u1_amd64.deb";

    @TempDir
    Path tmp;
    private FixtureRepository repo;
    private URI mirror;
    private Path cache;
    private Cli cli;

    @BeforeEach
    void serveRepository() throws IOException {
        repo = archive(FixtureRepository.builder()).build(tmp.resolve("repo"));
        mirror = repo.serve();
        cache = tmp.resolve("cache");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("empty-apt"));
        writeSpec(work, "[app]");
        cli = Cli.withCache(work, cache);
    }

    private static FixtureRepository.Builder archive(FixtureRepository.Builder builder) {
        return builder
                .suite(FixtureSuite.named("trixie"))
                .suite(FixtureSuite.named("trixie-updates"))
                .suite(FixtureSuite.named("trixie-security"))
                .add("trixie", FixturePackage.of("app", "1.0-1", "amd64").depends("libfoo1 (>= 1.1), debconf")
                        .file("/usr/bin/app", "#!app\n"))
                .add("trixie", FixturePackage.of("libfoo1", "1.0-1", "amd64").source("foo")
                        .file("/usr/lib/x86_64-linux-gnu/libfoo.so.1", "v1"))
                .add("trixie-security", FixturePackage.of("libfoo1", "1.2-1+deb13u1", "amd64").source("foo")
                        .file("/usr/lib/x86_64-linux-gnu/libfoo.so.1", "v1.2"))
                .add("trixie", FixturePackage.of("debconf", "1.5", "all"))
                .add("trixie", FixturePackage.of("base-files", "13.8", "amd64").essential()
                        .file("/etc/debian_version", "13.8\n"));
    }

    @AfterEach
    void stop() {
        repo.close();
    }

    private static void writeSpec(Path work, String packages) throws IOException {
        Files.writeString(work.resolve("app.yaml"), "name: app\nversion: \"1\"\narchs: [amd64]\nruntime:\n"
                + "  packages: " + packages + "\n  exclude: [debconf]\n");
    }

    private Cli.Result distill(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "app.yaml", "--mirror", mirror.toString(),
                "--security-mirror", mirror.toString(), "--apt-dir", tmp.resolve("empty-apt").toString()));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private Cli.Result trusted(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of("--keyring", repo.keyringFile().toString()));
        args.addAll(List.of(extra));
        return distill(command, args.toArray(String[]::new));
    }

    private List<Path> cachedFiles() throws IOException {
        Path dir = cache.resolve("sha256");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void lockResolvesSecurityUpdatesAndRecordsDroppedEdgesIdenticallyTwice() throws IOException {
        Cli.Result first = trusted("lock");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path lockFile = tmp.resolve("work/app.lock.json");
        String lock = Files.readString(lockFile);
        assertThat(lock).contains("\"name\": \"libfoo1\", \"version\": \"1.2-1+deb13u1\"")
                .contains("\"suite\": \"trixie-security\"")
                .contains("{\"side\": \"runtime\", \"from\": \"app\", \"dependency\": \"debconf\", \"excluded\": \"debconf\"}")
                .contains("\"name\": \"base-files\"");
        assertThat(trusted("lock").exitCode()).isZero();
        assertThat(Files.readString(lockFile)).isEqualTo(lock);
    }

    @Test
    void aBuildWithoutLockedResolvesAgainOnlyWhenAnInReleaseChanged() throws IOException {
        assertThat(trusted("lock").exitCode()).isZero();
        Path lockFile = tmp.resolve("work/app.lock.json");
        FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(lockFile, longAgo);
        Processes.run("rm", "-rf", cache.toString());
        int before = repo.requests().size();

        Cli.Result unchanged = trusted("fetch");
        assertThat(unchanged.exitCode()).as(unchanged.toString()).isZero();
        assertThat(repo.requests().subList(before, repo.requests().size())).as("requests of the second run")
                .anyMatch(p -> p.endsWith("/InRelease")).noneMatch(p -> p.contains("/binary-"));
        assertThat(Files.getLastModifiedTime(lockFile)).as("the lock file is not written again").isEqualTo(longAgo);

        archive(FixtureRepository.builder().signingKey(repo.signingKey()))
                .add("trixie-security", FixturePackage.of("libfoo1", "1.3-1+deb13u2", "amd64").source("foo")
                        .file("/usr/lib/x86_64-linux-gnu/libfoo.so.1", "v1.3"))
                .build(tmp.resolve("repo"));
        Cli.Result updated = trusted("fetch");
        assertThat(updated.exitCode()).as(updated.toString()).isZero();
        assertThat(Files.readString(lockFile)).contains("\"name\": \"libfoo1\", \"version\": \"1.3-1+deb13u2\"");
    }

    @Test
    void lockedRefusesAChangedSpec() throws IOException {
        assertThat(trusted("lock").exitCode()).isZero();
        assertThat(trusted("fetch", "--locked").exitCode()).isZero();
        writeSpec(tmp.resolve("work"), "[app, libfoo1]");
        Cli.Result changed = trusted("fetch", "--locked");
        assertThat(changed.exitCode()).isEqualTo(4);
        assertThat(changed.err()).contains("--locked: app.yaml changed since").contains("run 'distill lock app.yaml' again");
    }

    @Test
    void oneChangedByteInInReleaseIsRefused() throws IOException {
        repo.tamper("dists/trixie/InRelease", bytes -> {
            String text = new String(bytes);
            return text.replaceFirst("Codename: trixie", "Codename: trixiE").getBytes();
        });
        Cli.Result result = trusted("lock");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("dists/trixie/InRelease has a bad signature").contains("altered");
        assertThat(cachedFiles()).isEmpty();
        assertThat(tmp.resolve("work/app.lock.json")).doesNotExist();
    }

    @Test
    void aSignatureByAKeyNotInTheKeyringIsRefused() throws IOException {
        Cli.Result result = distill("lock");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("is not signed by a trusted key").contains("--keyring");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void aPackagesIndexWhoseHashDoesNotMatchIsRefused() throws IOException {
        repo.tamper("dists/trixie/main/binary-amd64/Packages.xz", bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length / 2] ^= 1;
            return copy;
        });
        Cli.Result result = trusted("lock");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("trixie main/binary-amd64/Packages.xz").contains("has SHA-256")
                .contains("refused, nothing cached");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void aPackageWhoseHashDoesNotMatchIsRefusedAndNotCached() throws IOException {
        assertThat(trusted("lock").exitCode()).isZero();
        int indexFiles = cachedFiles().size();
        UnaryOperator<byte[]> flipOneByte = bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length - 10] ^= 1;
            return copy;
        };
        repo.tamper(APP_DEB, flipOneByte);
        Cli.Result result = trusted("fetch", "--locked");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("app 1.0-1 (amd64)").contains("has SHA-256").contains("refused");
        assertOnlyVerifiedFilesAreCached();
        byte[] served = flipOneByte.apply(Files.readAllBytes(repo.path(APP_DEB)));
        assertThat(new Cache(cache).has(Hashing.sha256Hex(served))).as("the tampered package is not cached").isFalse();
        assertThat(cachedFiles()).hasSizeGreaterThanOrEqualTo(indexFiles)
                .hasSizeLessThanOrEqualTo(indexFiles + 3);
    }

    /** Each file of the cache is named after its own SHA-256, and no temporary file is left behind. */
    private void assertOnlyVerifiedFilesAreCached() throws IOException {
        for (Path file : cachedFiles()) {
            assertThat(Hashing.sha256Hex(Files.readAllBytes(file))).as(file.toString())
                    .isEqualTo(file.getFileName().toString());
        }
        Path tmpDir = cache.resolve("tmp");
        if (Files.isDirectory(tmpDir)) {
            try (Stream<Path> leftovers = Files.list(tmpDir)) {
                assertThat(leftovers).as("temporary files left in the cache").isEmpty();
            }
        }
    }

    @Test
    void anExpiredReleaseIsRefusedUnlessAllowed() throws IOException {
        repo.close();
        repo = FixtureRepository.builder()
                .suite(FixtureSuite.named("trixie").validUntil(Instant.parse("2026-01-01T00:00:00Z")))
                .suite(FixtureSuite.named("trixie-updates"))
                .suite(FixtureSuite.named("trixie-security"))
                .add("trixie", FixturePackage.of("app", "1.0-1", "amd64"))
                .build(tmp.resolve("repo2"));
        mirror = repo.serve();
        Cli.Result expired = trusted("lock");
        assertThat(expired.exitCode()).as(expired.toString()).isEqualTo(3);
        assertThat(expired.err()).contains("expired at 2026-01-01T00:00:00Z (Valid-Until)").contains("--allow-expired");
        Cli.Result allowed = trusted("lock", "--allow-expired");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    }

    @Test
    void twoFetchersSharingOneCacheLeaveOnlyVerifiedFiles() throws Exception {
        repo.stallNext(APP_DEB, Duration.ofMillis(300));
        Download download = new Download(URI.create(mirror + "/" + APP_DEB), -1,
                Hashing.sha256Hex(Files.readAllBytes(repo.path(APP_DEB))), "app");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    try (Fetcher fetcher = new Fetcher(new Cache(cache), ProgressListener.NONE)) {
                        return fetcher.fetch(download);
                    }
                }));
            }
            for (Future<Path> result : results) {
                assertThat(Hashing.sha256Hex(Files.readAllBytes(result.get()))).isEqualTo(download.sha256());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cachedFiles()).hasSize(1);
        assertOnlyVerifiedFilesAreCached();
    }

    @Test
    void aFailedBuildLeavesThePreviousOutputAsItWas() throws IOException {
        Path work = tmp.resolve("work");
        Cli.Result first = trusted("build", "--runtime-only", "--arch", "amd64", "-q");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        byte[] index = Files.readAllBytes(work.resolve("out/index.json"));
        Files.writeString(work.resolve("app.yaml"), Files.readString(work.resolve("app.yaml"))
                .replace("version: \"1\"", "version: \"2\""));
        repo.tamper(LIBFOO_DEB, bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length - 1] ^= 1;
            return copy;
        });
        Files.delete(new Cache(cache).file(Hashing.sha256Hex(Files.readAllBytes(repo.path(LIBFOO_DEB)))));
        Cli.Result failed = trusted("build", "--runtime-only", "--arch", "amd64", "-q");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(3);
        assertThat(Files.readAllBytes(work.resolve("out/index.json"))).isEqualTo(index);
        Cli.Result archive = trusted("build", "--runtime-only", "--arch", "amd64", "--format", "docker-archive",
                "-o", "app.tar", "-q");
        assertThat(archive.exitCode()).isEqualTo(3);
        assertThat(work.resolve("app.tar")).doesNotExist();
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("app.yaml",
                    "app.lock.json", "out");
        }
    }

    @Test
    void aWarmSecondFetchDownloadsNoPackageAndFailuresAreRetried() {
        repo.failNext(APP_DEB, 2);
        Cli.Result cold = trusted("fetch");
        assertThat(cold.exitCode()).as(cold.toString()).isZero();
        assertThat(repo.requestCount(APP_DEB)).isEqualTo(3);
        List<String> before = List.copyOf(repo.requests());
        Cli.Result warm = trusted("fetch", "--locked");
        assertThat(warm.exitCode()).as(warm.toString()).isZero();
        List<String> after = repo.requests().subList(before.size(), repo.requests().size());
        assertThat(after).noneMatch(p -> p.endsWith(".deb"));
        assertThat(warm.out()).contains("0 downloaded");
    }
}
