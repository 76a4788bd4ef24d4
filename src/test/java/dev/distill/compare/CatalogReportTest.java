package dev.distill.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.testing.Cli;
import dev.distill.testing.DebianImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.distill.compare.CompareFixtures.GLIBC;
import static dev.distill.compare.CompareFixtures.ZLIB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code distill catalog list} and {@code distill catalog report} on a team's own catalog (./catalog with two specs,
 * one whose dev side has a name of its own) whose pairs are synthetic images in ./out.
 */
class CatalogReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Cli cli;
    static DebianImages images;
    static OciLayout layout;
    static Path db;

    @BeforeAll
    static void setUp() throws IOException {
        Path catalog = Files.createDirectories(dir.resolve("catalog"));
        Files.writeString(catalog.resolve("alpha.yaml"), """
                name: alpha
                version: "1"
                runtime:
                  packages: [libc6]
                dev:
                  packages: [apt]
                """);
        Files.writeString(catalog.resolve("beta.yaml"), """
                name: beta
                version: "2"
                runtime:
                  packages: [zlib1g]
                dev:
                  name: gamma
                  version: "3"
                  packages: [zlib1g-dev]
                """);
        layout = OciLayout.openOrCreate(dir.resolve("out"));
        images = new DebianImages(layout, "13", "trixie");
        images.pair("alpha", "1", images.runtimePackages(GLIBC, ZLIB), images.devPackages(GLIBC, ZLIB),
                List.of("amd64", "arm64"));
        images.pair("beta", "2", images.runtimePackages(GLIBC, ZLIB).subList(0, 3),
                images.devPackages(GLIBC, ZLIB).subList(0, 2), List.of("amd64"));
        layout.tag("gamma:3", layout.resolve("beta:2-dev"));
        cli = Cli.withCache(dir, dir.resolve("cache"));
        db = CompareFixtures.trackerDatabase(dir, cli);
    }

    private static Cli.Result run(String... args) {
        Cli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private static Image image(String ref) {
        return ImageReader.image(layout, layout.resolve(ref), ref, Platform.ofDebianArch("amd64"));
    }

    private static String megabytes(String ref) {
        return String.format(Locale.ROOT, "%.1f MB", image(ref).compressedSize() / 1e6);
    }

    @Test
    void listNamesEveryPairWithBothImages() {
        assertThat(run("catalog", "list").out()).isEqualTo("""
                PAIR   RUNTIME  DEV          ARCHS
                alpha  alpha:1  alpha:1-dev  amd64, arm64
                beta   beta:2   gamma:3      amd64, arm64
                """);
    }

    @Test
    void theMarkdownTableHasOneRowPerPairWithSizesPackagesAndSharedLayers() {
        String markdown = run("catalog", "report", "--format", "markdown", "--db", dir.resolve("none").toString()).out();

        int alphaRuntime = images.runtimePackages(GLIBC, ZLIB).size();
        int alphaDev = alphaRuntime + images.devPackages(GLIBC, ZLIB).size();
        assertThat(markdown).startsWith("Every pair of the catalog for linux/amd64: ").contains("""
                | pair | runtime image | size | packages | dev image | size | packages | layers shared |
                | --- | --- | ---: | ---: | --- | ---: | ---: | ---: |
                """ + "| alpha | `alpha:1` | " + megabytes("alpha:1") + " | " + alphaRuntime + " | `alpha:1-dev` | "
                + megabytes("alpha:1-dev") + " | " + alphaDev + " | 1 of 2 |\n"
                + "| beta | `beta:2` | " + megabytes("beta:2") + " | 3 | `gamma:3` | " + megabytes("gamma:3")
                + " | 5 | 1 of 2 |\n").doesNotContain("vulnerabilities");
    }

    @Test
    void withADatabaseEachImageHasItsVulnerabilityCountsAsCompareGivesThem() throws IOException {
        String markdown = run("catalog", "report", "--format", "markdown", "--db", db.toString()).out();
        assertThat(markdown).contains("| layers shared | runtime vulnerabilities | dev vulnerabilities |")
                .contains("| 1 of 2 | 0/1/0/0/0; 1 fixable | 0/2/0/1/0; 2 fixable |");

        JsonNode report = JSON.readTree(run("catalog", "report", "--format", "json", "--db", db.toString()).out());
        JsonNode compared = JSON.readTree(run("compare", "alpha", "--arch", "amd64", "--format", "json", "--db",
                db.toString()).out());
        JsonNode alpha = report.get("pairs").get(0);
        assertThat(alpha.get("pair").asText()).isEqualTo("alpha");
        assertThat(alpha.get("runtime")).isEqualTo(compared.get("a"));
        assertThat(alpha.get("dev")).isEqualTo(compared.get("b"));
        assertThat(alpha.get("sharedLayers").asInt()).isEqualTo(compared.get("sharedLayers").asInt());
        assertThat(report.get("pairs").get(1).get("dev").get("name").asText()).isEqualTo("gamma:3");
        assertThat(report.get("pairs").get(1).get("runtime").get("compressedSize").asLong())
                .isEqualTo(image("beta:2").compressedSize());
        assertThat(report.get("database").isNull()).isTrue();

        assertThat(run("catalog", "report", "--format", "markdown", "--db", db.toString(), "--no-scan").out())
                .doesNotContain("vulnerabilities").contains("| 1 of 2 |\n");
    }

    @Test
    void textAndHtmlCarryTheSameRows() throws IOException {
        String text = run("catalog", "report", "--db", db.toString()).out();
        assertThat(text).containsPattern("alpha +alpha:1 +" + megabytes("alpha:1") + " +\\d+ +alpha:1-dev +")
                .containsPattern("beta +beta:2 +" + megabytes("beta:2") + " +3 +gamma:3 +" + megabytes("gamma:3")
                        + " +5 +1 of 2 +0/1/0/0/0; 1 fixable +0/1/0/0/0; 1 fixable");

        Path page = dir.resolve("catalog.html");
        run("catalog", "report", "--format", "html", "-o", page.toString(), "--db", db.toString());
        String html = Files.readString(page);
        assertThat(html).contains("<td>gamma:3</td>").contains("<td>" + megabytes("gamma:3") + "<div class=\"bar dev\"")
                .doesNotContain("src=").doesNotContain("<script");
    }

    @Test
    void anArchitectureOrPairThatWasNotBuiltIsNamedWithTheCommandThatBuildsIt() throws IOException {
        Cli.Result arm = cli.run("catalog", "report", "--arch", "arm64", "--db", db.toString());
        assertThat(arm.exitCode()).isEqualTo(1);
        assertThat(arm.err()).contains("beta:2 has no image for linux/arm64");

        Path other = Files.createDirectories(dir.resolve("other"));
        Files.createDirectories(other.resolve("catalog"));
        Files.copy(dir.resolve("catalog/alpha.yaml"), other.resolve("catalog/alpha.yaml"));
        Files.writeString(other.resolve("catalog/delta.yaml"), "name: delta\nversion: \"4\"\nruntime:\n  packages: [libc6]\n");
        Cli.Result missing = Cli.withCache(other, dir.resolve("cache")).run("catalog", "report", "--layout",
                layout.root().toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("lacks images of the catalog: delta:4 (distill build delta --arch amd64",
                "delta:4-dev (").doesNotContain("alpha:1");
    }

    @Test
    void withoutACatalogFolderTheBundledCatalogIsListed() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Cli.Result list = Cli.withCache(elsewhere, dir.resolve("cache")).run("catalog", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        List<String> pairs = new ArrayList<>(list.out().lines().skip(1).map(l -> l.split(" +")[0]).toList());
        assertThat(pairs).containsExactly("base", "cc", "jre", "nginx", "node", "python", "static");
        assertThat(list.out()).containsPattern("(?m)^jre +jre:21 +jdk:21 +amd64, arm64$")
                .containsPattern("(?m)^static +static:13 +golang:1.24 +amd64, arm64$");
    }
}
