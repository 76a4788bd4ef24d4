package dev.distill.testing;

import dev.distill.common.AtomicFiles;
import dev.distill.common.Hashing;
import dev.distill.testing.FixturePackage.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A signed apt repository built on disk for tests — real {@code .deb}s, {@code Packages(.xz|.gz)} per architecture,
 * {@code Release} and a clearsigned {@code InRelease} per suite — optionally served on 127.0.0.1 with request
 * counting and injected failures.
 *
 * <pre>{@code
 * try (FixtureRepository repo = FixtureRepository.builder()
 *         .suite(FixtureSuite.named("trixie-security").validUntil(Instant.now().plus(Duration.ofDays(7))))
 *         .add("trixie", FixturePackage.of("libc6", "2.41-12", "amd64").source("glibc").file("/usr/lib/libc.so.6", "x"))
 *         .add("trixie-security", FixturePackage.of("libc6", "2.41-12+deb13u1", "amd64").source("glibc"))
 *         .build(tempDir)) {
 *     URI mirror = repo.serve();                 // http://127.0.0.1:PORT/debian
 *     Path keyring = repo.keyringFile();         // pass as --keyring
 *     repo.failNext("dists/trixie/InRelease", 2);
 *     ... assertThat(repo.requestCount("pool/main/g/glibc/libc6_2.41-12_amd64.deb")).isZero();
 * }
 * }</pre>
 */
public final class FixtureRepository implements AutoCloseable {
    private static final DateTimeFormatter RELEASE_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String COMPONENT = "main";

    private final Path root;
    private final Path keyringFile;
    private final TestKey signingKey;
    private FixtureServer server;

    private FixtureRepository(Path root, Path keyringFile, TestKey signingKey) {
        this.root = root;
        this.keyringFile = keyringFile;
        this.signingKey = signingKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The mirror's root directory (holding {@code dists/} and {@code pool/}). */
    public Path root() {
        return root;
    }

    /** A file of the repository by its path relative to the mirror root, e.g. {@code dists/trixie/InRelease}. */
    public Path path(String relative) {
        return root.resolve(relative);
    }

    /** The binary public keyring of the repository's signing key, for {@code --keyring}. */
    public Path keyringFile() {
        return keyringFile;
    }

    public TestKey signingKey() {
        return signingKey;
    }

    /** Starts serving (once) and returns the mirror URL, {@code http://127.0.0.1:PORT/debian}. */
    public synchronized URI serve() {
        if (server == null) {
            server = new FixtureServer(root);
        }
        return server.baseUri();
    }

    /** How many requests (any outcome) asked for {@code path}, relative to the mirror root. */
    public int requestCount(String path) {
        return (int) running().requests().stream().filter(path::equals).count();
    }

    /** Every requested path, relative to the mirror root, in arrival order. */
    public List<String> requests() {
        return running().requests();
    }

    /** The next {@code times} requests for {@code path} get HTTP 500. */
    public void failNext(String path, int times) {
        failNext(path, times, 500);
    }

    public void failNext(String path, int times, int status) {
        running().failNext(path, times, status);
    }

    /**
     * The next {@code times} requests for {@code path} have their connection closed before any response. Java's
     * {@code HttpClient} retries a GET once by itself after that, so a client sees a failure only at two in a row.
     */
    public void resetNext(String path, int times) {
        running().resetNext(path, times);
    }

    /** The next {@code times} responses for {@code path} stop halfway through the announced Content-Length. */
    public void truncateNext(String path, int times) {
        running().truncateNext(path, times);
    }

    /** The next request for {@code path} waits {@code delay} before it is answered — a timeout for clients. */
    public void stallNext(String path, Duration delay) {
        running().stallNext(path, delay);
    }

    /** From now on {@code path} is served as {@code change} makes it (e.g. one byte flipped). */
    public void tamper(String path, UnaryOperator<byte[]> change) {
        running().tamper(path, change);
    }

    public void clearFaults() {
        running().clearFaults();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
    }

    private synchronized FixtureServer running() {
        if (server == null) {
            throw new IllegalStateException("call serve() first");
        }
        return server;
    }

    /** Collects suites and packages; {@link #build(Path)} writes the repository. */
    public static final class Builder {
        private final Map<String, FixtureSuite> suites = new LinkedHashMap<>();
        private final Map<String, List<FixturePackage>> packages = new LinkedHashMap<>();
        private TestKey signingKey;
        private Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        private Builder() {
        }

        /** The key that signs every suite not configured otherwise (default: a fresh Ed25519 key). */
        public Builder signingKey(TestKey key) {
            signingKey = key;
            return this;
        }

        /** The default Date of every suite (default: now). */
        public Builder date(Instant value) {
            date = value;
            return this;
        }

        /** Declares a suite with its options; suites named only in {@link #add} get the defaults. */
        public Builder suite(FixtureSuite suite) {
            suites.put(suite.name(), suite);
            return this;
        }

        public Builder add(String suite, FixturePackage pkg) {
            suites.computeIfAbsent(suite, FixtureSuite::named);
            packages.computeIfAbsent(suite, s -> new ArrayList<>()).add(pkg);
            return this;
        }

        /** Writes the repository under {@code dir/repo} and its keyring as {@code dir/keyring.gpg}. */
        public FixtureRepository build(Path dir) {
            TestKey key = signingKey != null ? signingKey : TestKey.ed25519("Distill Test Archive <archive@test.invalid>");
            Path root = dir.resolve("repo");
            Map<String, byte[]> pool = new LinkedHashMap<>();
            for (FixtureSuite suite : suites.values()) {
                writeSuite(root, suite, packages.getOrDefault(suite.name(), List.of()), key, pool);
            }
            pool.forEach((path, deb) -> AtomicFiles.write(root.resolve(path), deb));
            return new FixtureRepository(root, key.writePublicKeyring(dir.resolve("keyring.gpg")), key);
        }

        private void writeSuite(Path root, FixtureSuite suite, List<FixturePackage> suitePackages, TestKey key,
                                Map<String, byte[]> pool) {
            Map<FixturePackage, String> stanzas = new LinkedHashMap<>();
            for (FixturePackage pkg : suitePackages) {
                DebWriter.Deb deb = DebWriter.write(pkg);
                byte[] previous = pool.putIfAbsent(pkg.poolPath(), deb.bytes());
                if (previous != null && !Arrays.equals(previous, deb.bytes())) {
                    throw new IllegalArgumentException("two different packages would both be " + pkg.poolPath());
                }
                stanzas.put(pkg, stanza(pkg, deb));
            }
            Path dists = root.resolve("dists").resolve(suite.name());
            Map<String, byte[]> indices = new LinkedHashMap<>();
            List<String> architectures = architectures(suite);
            for (String arch : architectures) {
                String packagesText = suitePackages.stream()
                        .filter(pkg -> pkg.architecture().equals(arch) || pkg.architecture().equals("all"))
                        .sorted(Comparator.comparing(FixturePackage::name).thenComparing(FixturePackage::version))
                        .map(stanzas::get)
                        .reduce((a, b) -> a + "\n" + b).orElse("");
                byte[] plain = packagesText.getBytes(StandardCharsets.UTF_8);
                String dir = COMPONENT + "/binary-" + arch + "/";
                indices.put(dir + "Packages", plain);
                indices.put(dir + "Packages.xz", compress(plain, Compression.XZ));
                indices.put(dir + "Packages.gz", compress(plain, Compression.GZ));
            }
            indices.forEach((path, content) -> AtomicFiles.write(dists.resolve(path), content));
            String release = release(suite, architectures, indices);
            AtomicFiles.write(dists.resolve("Release"), release.getBytes(StandardCharsets.UTF_8));
            List<TestKey> signers = suite.signers().isEmpty() ? List.of(key) : suite.signers();
            Instant signedAt = suite.date() != null ? suite.date() : date;
            TestKey.Signing[] signings = signers.stream()
                    .map(signer -> signer.signing().at(signedAt).hash(suite.hashAlgorithm()))
                    .toArray(TestKey.Signing[]::new);
            AtomicFiles.write(dists.resolve("InRelease"), TestKey.clearsign(release, signings));
        }

        private List<String> architectures(FixtureSuite suite) {
            if (suite.architectures() != null) {
                return suite.architectures();
            }
            TreeSet<String> used = new TreeSet<>();
            packages.values().forEach(list -> list.forEach(pkg -> used.add(pkg.architecture())));
            used.remove("all");
            return used.isEmpty() ? List.of("amd64") : List.copyOf(used);
        }

        private String release(FixtureSuite suite, List<String> architectures, Map<String, byte[]> indices) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Origin", "Debian");
            fields.put("Label", "Debian");
            fields.put("Suite", suite.name());
            if (suite.version() != null) {
                fields.put("Version", suite.version());
            }
            fields.put("Codename", suite.codename());
            fields.put("Date", RELEASE_DATE.format(suite.date() != null ? suite.date() : date));
            if (suite.validUntil() != null) {
                fields.put("Valid-Until", RELEASE_DATE.format(suite.validUntil()));
            }
            fields.put("Architectures", String.join(" ", architectures));
            fields.put("Components", COMPONENT);
            fields.put("Description", "Distill test archive " + suite.name());
            fields.putAll(suite.extraFields());
            StringBuilder out = new StringBuilder();
            fields.forEach((name, value) -> out.append(name).append(": ").append(value).append('\n'));
            appendHashes(out, "MD5Sum", Hashing.md5(), indices);
            appendHashes(out, "SHA256", Hashing.sha256(), indices);
            return out.toString();
        }

        private static void appendHashes(StringBuilder out, String field, MessageDigest digest,
                                         Map<String, byte[]> indices) {
            out.append(field).append(":\n");
            indices.forEach((path, content) -> {
                digest.update(content);
                out.append(String.format(" %s %8d %s", Hashing.hex(digest), content.length, path)).append('\n');
            });
        }

        /** The package's control stanza plus where the file is and its digests. */
        private static String stanza(FixturePackage pkg, DebWriter.Deb deb) {
            MessageDigest md5 = Hashing.md5();
            md5.update(deb.bytes());
            return deb.control()
                    + "Filename: " + pkg.poolPath() + "\n"
                    + "Size: " + deb.bytes().length + "\n"
                    + "MD5sum: " + Hashing.hex(md5) + "\n"
                    + "SHA256: " + Hashing.sha256Hex(deb.bytes()) + "\n";
        }

        private static byte[] compress(byte[] content, Compression compression) {
            try {
                return DebWriter.compress(content, compression);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
