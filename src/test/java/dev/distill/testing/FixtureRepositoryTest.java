package dev.distill.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill.common.Hashing;
import dev.distill.debian.trust.InReleaseVerifier;
import dev.distill.debian.trust.Keyring;
import dev.distill.debian.trust.VerifiedRelease;
import dev.distill.testing.FixturePackage.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/** The fixture repository is a real apt repository: its indices, digests and packages hold up against dpkg-deb. */
class FixtureRepositoryTest {
    private static final Instant EXPIRED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String LIBC = "pool/main/g/glibc/libc6_2.41-12_amd64.deb";

    @TempDir
    static Path tmp;
    private static FixtureRepository repo;
    private static URI mirror;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void buildRepository() {
        repo = FixtureRepository.builder()
                .suite(FixtureSuite.named("trixie").version("13.8"))
                .suite(FixtureSuite.named("trixie-security").validUntil(EXPIRED))
                .add("trixie", FixturePackage.of("libc6", "2.41-12", "amd64").source("glibc").multiArch("same")
                        .depends("libgcc-s1").breaks("locales (<< 2.41)").priority("required")
                        .file("/usr/lib/x86_64-linux-gnu/libc.so.6", "not really ELF\n")
                        .symlink("/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"))
                .add("trixie", FixturePackage.of("base-files", "13.8", "all").essential()
                        .conffile("/etc/debian_version", "13.8\n")
                        .postinst("#!/bin/sh\nset -e\necho configured\n"))
                .add("trixie", FixturePackage.of("tzdata", "2025b-4", "all").dataCompression(Compression.GZ)
                        .controlCompression(Compression.GZ).file("/usr/share/zoneinfo/UTC", "TZif2"))
                .add("trixie", FixturePackage.of("libzstd1", "1.5.7+dfsg-1", "arm64").source("libzstd", "1.5.7+dfsg-1")
                        .dataCompression(Compression.ZST).controlCompression(Compression.NONE)
                        .file("/usr/lib/aarch64-linux-gnu/libzstd.so.1", new byte[3000], 0644))
                .add("trixie-security", FixturePackage.of("libc6", "2.41-12+deb13u1", "amd64").source("glibc")
                        .file("/usr/lib/x86_64-linux-gnu/libc.so.6", "patched\n"))
                .build(tmp);
        mirror = repo.serve();
    }

    @AfterAll
    static void stop() {
        repo.close();
    }

    @Test
    void downloadedIndicesAndPackagesMatchTheSignedDigests() throws Exception {
        VerifiedRelease release = new InReleaseVerifier(Keyring.load(repo.keyringFile()))
                .verify(get("dists/trixie/InRelease"), mirror + "/dists/trixie/InRelease");
        Map<String, String> sha256 = sha256Section(new String(release.signedText(), StandardCharsets.UTF_8));

        byte[] packagesXz = get("dists/trixie/main/binary-amd64/Packages.xz");
        assertThat(sha256.get("main/binary-amd64/Packages.xz"))
                .isEqualTo(Hashing.sha256Hex(packagesXz) + " " + packagesXz.length);
        String packages = new String(new XZInputStream(new ByteArrayInputStream(packagesXz)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(sha256.get("main/binary-amd64/Packages")).startsWith(
                Hashing.sha256Hex(packages.getBytes(StandardCharsets.UTF_8)) + " ");

        Map<String, String> libc = stanza(packages, "libc6");
        byte[] deb = get(libc.get("Filename"));
        assertThat(libc.get("Filename")).isEqualTo(LIBC);
        assertThat(Long.parseLong(libc.get("Size"))).isEqualTo(deb.length);
        assertThat(libc.get("SHA256")).isEqualTo(Hashing.sha256Hex(deb));
        assertThat(libc.get("Source")).isEqualTo("glibc");
        assertThat(repo.requestCount(LIBC)).isEqualTo(1);

        Path debFile = Files.write(tmp.resolve("libc6.deb"), deb);
        String info = dpkgDeb("--info", debFile.toString());
        assertThat(info).contains(" Package: libc6", " Version: 2.41-12", " Source: glibc", " Multi-Arch: same",
                " Depends: libgcc-s1", " Breaks: locales (<< 2.41)", " Priority: required");
        String contents = dpkgDeb("-c", debFile.toString());
        assertThat(contents).contains("./usr/lib/x86_64-linux-gnu/libc.so.6",
                "./usr/lib64/ld-linux-x86-64.so.2 -> ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    }

    @Test
    void architectureAllPackagesAppearInEveryArchitecture() throws Exception {
        String amd64 = new String(get("dists/trixie/main/binary-amd64/Packages"), StandardCharsets.UTF_8);
        String arm64 = new String(get("dists/trixie/main/binary-arm64/Packages"), StandardCharsets.UTF_8);

        assertThat(packageNames(amd64)).containsExactly("base-files", "libc6", "tzdata");
        assertThat(packageNames(arm64)).containsExactly("base-files", "libzstd1", "tzdata");
        assertThat(stanza(arm64, "libzstd1").get("Source")).isEqualTo("libzstd (1.5.7+dfsg-1)");
        assertThat(stanza(amd64, "base-files").get("Essential")).isEqualTo("yes");
    }

    @Test
    void releaseCarriesTheSuiteFields() throws Exception {
        String trixie = new String(get("dists/trixie/Release"), StandardCharsets.UTF_8);
        String security = new String(get("dists/trixie-security/Release"), StandardCharsets.UTF_8);

        assertThat(trixie).contains("Suite: trixie\n", "Version: 13.8\n", "Codename: trixie\n",
                "Architectures: amd64 arm64\n", "Components: main\n", "MD5Sum:\n", "SHA256:\n").matches(
                "(?s).*\nDate: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} UTC\n.*").doesNotContain("Valid-Until");
        assertThat(security).contains("Valid-Until: Thu, 01 Jan 2026 00:00:00 UTC\n");
        assertThat(repo.path("dists/trixie-security/InRelease")).isRegularFile();
    }

    @Test
    void everyMemberCompressionIsAcceptedByDpkgDeb() throws Exception {
        String amd64 = new String(get("dists/trixie/main/binary-amd64/Packages"), StandardCharsets.UTF_8);
        String arm64 = new String(get("dists/trixie/main/binary-arm64/Packages"), StandardCharsets.UTF_8);
        Path tzdata = Files.write(tmp.resolve("tzdata.deb"), get(stanza(amd64, "tzdata").get("Filename")));
        Path zstd = Files.write(tmp.resolve("libzstd1.deb"), get(stanza(arm64, "libzstd1").get("Filename")));
        Path baseFiles = Files.write(tmp.resolve("base-files.deb"), get(stanza(amd64, "base-files").get("Filename")));

        assertThat(dpkgDeb("-c", tzdata.toString())).contains("./usr/share/zoneinfo/UTC");
        assertThat(dpkgDeb("-c", zstd.toString())).contains("3000", "./usr/lib/aarch64-linux-gnu/libzstd.so.1");
        assertThat(dpkgDeb("--field", zstd.toString(), "Architecture")).isEqualTo("arm64\n");
        assertThat(dpkgDeb("--info", baseFiles.toString(), "conffiles")).isEqualTo("/etc/debian_version\n");
        assertThat(dpkgDeb("--info", baseFiles.toString(), "postinst")).contains("echo configured");
        assertThat(dpkgDeb("--info", baseFiles.toString())).contains(" Essential: yes", " Architecture: all");
    }

    @Test
    void injectedFailuresAndTamperingAreServed() throws Exception {
        String path = "dists/trixie-security/Release";
        byte[] original = Files.readAllBytes(repo.path(path));
        int before = repo.requestCount(path);

        repo.failNext(path, 2);
        assertThat(status(path)).isEqualTo(500);
        assertThat(status(path)).isEqualTo(500);
        assertThat(get(path)).isEqualTo(original);

        repo.resetNext(path, 2); // Java's HttpClient retries a GET once on its own after a dropped connection
        int beforeResets = repo.requestCount(path);
        assertThatThrownBy(() -> get(path)).isInstanceOf(IOException.class);
        assertThat(repo.requestCount(path) - beforeResets).isEqualTo(2);
        repo.truncateNext(path, 1);
        assertThatThrownBy(() -> get(path)).isInstanceOf(IOException.class);
        repo.stallNext(path, Duration.ofSeconds(5));
        HttpRequest impatient = HttpRequest.newBuilder(URI.create(mirror + "/" + path))
                .timeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> http.send(impatient, HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(HttpTimeoutException.class);

        repo.tamper(path, bytes -> {
            byte[] changed = bytes.clone();
            changed[0] ^= 1;
            return changed;
        });
        byte[] tampered = get(path);
        assertThat(tampered).hasSameSizeAs(original).isNotEqualTo(original);
        repo.clearFaults();
        assertThat(get(path)).isEqualTo(original);
        assertThat(status("dists/no-such-suite/InRelease")).isEqualTo(404);
        assertThat(repo.requestCount(path) - before).isGreaterThanOrEqualTo(8);
    }

    private byte[] get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(mirror + "/" + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private int status(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(mirror + "/" + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code path -> "sha256 size"} from the Release text's SHA256 field. */
    private static Map<String, String> sha256Section(String release) {
        Map<String, String> entries = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : release.split("\n")) {
            if (!line.startsWith(" ")) {
                inSection = line.equals("SHA256:");
            } else if (inSection) {
                String[] parts = line.trim().split("\\s+");
                entries.put(parts[2], parts[0] + " " + parts[1]);
            }
        }
        return entries;
    }

    private static Map<String, String> stanza(String packages, String name) {
        for (String paragraph : packages.split("\n\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : paragraph.split("\n")) {
                if (!line.startsWith(" ") && line.contains(": ")) {
                    fields.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2));
                }
            }
            if (name.equals(fields.get("Package"))) {
                return fields;
            }
        }
        throw new AssertionError("no stanza for " + name + " in\n" + packages);
    }

    private static List<String> packageNames(String packages) {
        return Arrays.stream(packages.split("\n"))
                .filter(line -> line.startsWith("Package: "))
                .map(line -> line.substring("Package: ".length()))
                .toList();
    }

    private static String dpkgDeb(String... args) throws IOException, InterruptedException {
        HostTools.require("dpkg");
        List<String> command = new ArrayList<>(List.of("dpkg-deb"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(command + " said:\n" + output).isZero();
        return output;
    }
}
