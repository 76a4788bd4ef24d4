package dev.distill.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.testing.Cli;
import dev.distill.testing.DebianImages;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;

import static dev.distill.compare.CompareFixtures.GLIBC;
import static dev.distill.compare.CompareFixtures.ZLIB;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code distill compare python}: the catalog's pair, built synthetically into ./out. */
class CompareTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Cli cli;
    static DebianImages images;
    static OciLayout layout;
    static Path db;

    @BeforeAll
    static void setUp() throws IOException {
        layout = OciLayout.openOrCreate(dir.resolve("out"));
        images = new DebianImages(layout, "13", "trixie");
        images.pair("python", "3.13", images.runtimePackages(GLIBC, ZLIB), images.devPackages(GLIBC, ZLIB),
                List.of("amd64", "arm64"));
        cli = Cli.withCache(dir, dir.resolve("cache"));
        db = CompareFixtures.trackerDatabase(dir, cli);
    }

    private static long manifestSum(String ref) {
        Image image = ImageReader.image(layout, layout.resolve(ref), ref, Platform.ofDebianArch("amd64"));
        return image.manifest().layers().stream().mapToLong(d -> d.size()).sum();
    }

    private static int sbomCount(String ref) throws IOException {
        Cli.Result sbom = cli.run("sbom", ref, "--arch", "amd64");
        assertThat(sbom.exitCode()).as(sbom.toString()).isZero();
        return (int) StreamSupport.stream(JSON.readTree(sbom.out()).get("packages").spliterator(), false)
                .filter(p -> p.get("SPDXID").asText().startsWith("SPDXRef-Package-deb-")).count();
    }

    private Cli.Result compare(String... extra) {
        List<String> args = new ArrayList<>(List.of("compare", "python", "--arch", "amd64", "--db",
                db.toString()));
        args.addAll(List.of(extra));
        Cli.Result result = cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void textMarkdownAndJsonCarryTheManifestSumsAndSbomCounts() throws IOException {
        long runtimeSize = manifestSum("python:3.13");
        long devSize = manifestSum("python:3.13-dev");
        int runtimePackages = sbomCount("python:3.13");
        int devPackages = sbomCount("python:3.13-dev");
        assertThat(runtimePackages).isEqualTo(images.runtimePackages(GLIBC, ZLIB).size());
        assertThat(devPackages).isEqualTo(runtimePackages + images.devPackages(GLIBC, ZLIB).size());

        JsonNode json = JSON.readTree(compare("--format", "json").out());
        assertThat(json.get("a").get("name").asText()).isEqualTo("python:3.13");
        assertThat(json.get("b").get("name").asText()).isEqualTo("python:3.13-dev");
        assertThat(json.get("a").get("compressedSize").asLong()).isEqualTo(runtimeSize);
        assertThat(json.get("b").get("compressedSize").asLong()).isEqualTo(devSize);
        assertThat(json.get("a").get("packages").asInt()).isEqualTo(runtimePackages);
        assertThat(json.get("b").get("packages").asInt()).isEqualTo(devPackages);
        assertThat(json.get("a").get("shell").asBoolean()).isFalse();
        assertThat(json.get("a").get("packageManager").asBoolean()).isFalse();
        assertThat(json.get("b").get("shells").toString()).isEqualTo("[\"sh\",\"dash\"]");
        assertThat(json.get("b").get("packageManagers").toString()).isEqualTo("[\"apt\",\"apt-get\",\"dpkg\"]");
        assertThat(json.get("sharedLayers").asInt()).isEqualTo(1);
        assertThat(json.get("a").get("vulnerabilities").get("high").asInt()).isEqualTo(1);
        assertThat(json.get("b").get("vulnerabilities").get("high").asInt()).isEqualTo(2);
        assertThat(json.get("b").get("vulnerabilities").get("low").asInt()).isEqualTo(1);
        assertThat(json.get("b").get("vulnerabilities").get("fixable").asInt()).isEqualTo(2);
        JsonNode added = json.get("added");
        assertThat(StreamSupport.stream(added.spliterator(), false).map(p -> p.get("name").asText()))
                .containsExactlyInAnyOrder("dash", "apt", "dpkg", "libc6-dev", "zlib1g-dev");
        DebianImages.Package apt = images.devPackages(GLIBC, ZLIB).stream().filter(p -> p.name().equals("apt"))
                .findFirst().orElseThrow();
        JsonNode aptSize = StreamSupport.stream(added.spliterator(), false)
                .filter(p -> p.get("name").asText().equals("apt")).findFirst().orElseThrow();
        assertThat(aptSize.get("bytes").asLong()).isEqualTo(apt.files().values().stream().mapToLong(Integer::longValue).sum());
        assertThat(aptSize.get("sizeFrom").asText()).isEqualTo("files");

        String text = compare().out();
        assertThat(text).contains(runtimeSize + " bytes").contains(devSize + " bytes")
                .containsPattern("SBOM packages +" + runtimePackages + " +" + devPackages)
                .contains("0/1/0/0/0; 1 fixable").contains("0/2/0/1/0; 2 fixable")
                .contains("no / no").contains("yes (sh, dash) / yes (apt, apt-get, dpkg)")
                .contains("1 of 1").contains("1 of 2").contains("What python:3.13-dev adds: 5 packages");

        String markdown = compare("--format", "markdown").out();
        assertThat(markdown).contains("| SBOM packages | " + runtimePackages + " | " + devPackages + " |")
                .contains("| compressed size | " + ComparisonReports.size(runtimeSize) + " | "
                        + ComparisonReports.size(devSize) + " |");
    }

    @Test
    void comparingAgainReadsNoLayer(@TempDir Path copy) throws IOException {
        try (var files = Files.walk(dir.resolve("out"))) {
            for (Path from : files.toList()) {
                Path to = copy.resolve("out").resolve(dir.resolve("out").relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Cli fresh = Cli.withCache(copy, copy.resolve("cache"));
        String[] args = {"compare", "python", "--arch", "amd64", "--db", db.toString(), "--format", "json"};
        Cli.Result first = fresh.run(args);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        try (var facts = Files.list(copy.resolve("cache/facts"))) {
            assertThat(facts.toList()).as("one entry per image").hasSize(2);
        }
        OciLayout copied = OciLayout.open(copy.resolve("out"));
        for (String ref : List.of("python:3.13", "python:3.13-dev")) {
            Image image = ImageReader.image(copied, copied.resolve(ref), ref, Platform.ofDebianArch("amd64"));
            for (var layer : image.layers()) {
                Files.deleteIfExists(copy.resolve("out/blobs/sha256").resolve(layer.digest().hex()));
            }
        }
        Cli.Result again = fresh.run(args);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo(first.out()).contains("\"packages\"");
    }

    @Test
    void withoutADatabaseTheTableSaysHowToGetOne() throws IOException {
        Cli.Result result = cli.run("compare", "python:3.13", "python:3.13-dev", "--arch", "arm64", "--db",
                dir.resolve("none").toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("no database: run distill db update");
        JsonNode json = JSON.readTree(cli.run("compare", "python", "--arch", "arm64", "--format", "json", "--db",
                dir.resolve("none").toString()).out());
        assertThat(json.get("a").get("vulnerabilities").isNull()).isTrue();
        assertThat(json.get("database").asText()).isEqualTo("no database: run distill db update");
    }

    @Test
    void theHtmlPageRendersItsChartInHeadlessChromium() throws Exception {
        HostTools.require("chromium");
        Path page = dir.resolve("compare.html");
        compare("--format", "html", "-o", page.toString());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<svg").contains(ComparisonReports.COLOR_A).contains(ComparisonReports.COLOR_B)
                .doesNotContain("src=").doesNotContain("href=").doesNotContain("<script");

        Path png = dir.resolve("compare.png");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1200,900",
                page.toUri().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).exists();

        BufferedImage screenshot = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        int barA = 0;
        int barB = 0;
        for (int y = 0; y < screenshot.getHeight(); y++) {
            for (int x = 0; x < screenshot.getWidth(); x++) {
                int rgb = screenshot.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                barA += rgb == 0x2563eb ? 1 : 0;
                barB += rgb == 0xea580c ? 1 : 0;
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(20);
        assertThat(barA).as("pixels of A's bars").isGreaterThan(2000);
        assertThat(barB).as("pixels of B's bars").isGreaterThan(barA);
    }
}
