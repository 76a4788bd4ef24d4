package dev.distill.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill.debian.Deb822;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.registry.LayoutReferrers;
import dev.distill.testing.Cli;
import dev.distill.testing.DebianImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** SBOMs of a synthetic trixie pair shaped like Distill's python:3.13 / python:3.13-dev. */
class SbomTest {
    private static final String GLIBC = "2.41-12";
    private static final String ZLIB = "1:1.3.dfsg+really1.3.1-1";

    @TempDir
    static Path dir;
    static OciLayout layout;
    static DebianImages images;
    static DebianImages.Pair pair;
    static final JsonSchemas SCHEMAS = new JsonSchemas();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void buildPair() {
        layout = OciLayout.openOrCreate(dir.resolve("out"));
        images = new DebianImages(layout, "13", "trixie");
        pair = images.pair("python", "3.13", images.runtimePackages(GLIBC, ZLIB), images.devPackages(GLIBC, ZLIB),
                List.of("amd64", "arm64"));
    }

    private static Image image(String ref, String arch) {
        return ImageReader.image(layout, layout.resolve(ref), ref, Platform.ofDebianArch(arch));
    }

    private static Sbom sbom(String ref, String arch) {
        Image image = image(ref, arch);
        return ImageInventory.read(image).sbom(SbomSubject.of(ref, image));
    }

    @Test
    void runtimeSbomHasOnePackagePerStatusDEntryAndDevOnePerStatusEntry() {
        Sbom runtime = sbom(pair.runtimeRef(), "amd64");
        Sbom dev = sbom(pair.devRef(), "amd64");
        int statusD = images.runtimePackages(GLIBC, ZLIB).size();
        int status = statusD + images.devPackages(GLIBC, ZLIB).size();

        assertThat(runtime.packages()).hasSize(statusD);
        // status.d is whited out in the dev image: each package is counted once, from status
        assertThat(dev.packages()).hasSize(status);
        assertThat(dev.packages()).extracting(SbomPackage::key).doesNotHaveDuplicates();
        assertThat(ImageInventory.read(image(pair.devRef(), "amd64")).filesystem().node("var/lib/dpkg/status.d/libc6"))
                .as("whited out in the dev image").isEmpty();
        assertThat(ImageInventory.read(image(pair.runtimeRef(), "amd64")).filesystem()
                .node("var/lib/dpkg/status.d/libc6")).isPresent();
        assertThat(runtime.os()).isEqualTo(new OperatingSystem("debian", "13", "trixie",
                "Debian GNU/Linux 13 (trixie)", "13.1"));
    }

    @Test
    void everyPackageCarriesPurlSourceAndLicence() {
        Sbom dev = sbom(pair.devRef(), "arm64");
        for (SbomPackage p : dev.packages()) {
            assertThat(p.purl()).startsWith("pkg:deb/debian/" + p.name() + "@").contains("arch=arm64")
                    .contains("distro=debian-13");
            assertThat(p.sourceName()).isNotBlank();
            assertThat(p.sourceVersion()).isNotBlank();
        }
        SbomPackage libc6 = find(dev, "libc6");
        assertThat(libc6.sourceName()).isEqualTo("glibc");
        assertThat(libc6.sourceVersion()).isEqualTo(GLIBC);
        assertThat(libc6.license()).isEqualTo("LGPL-2.1-or-later");
        assertThat(libc6.purl()).isEqualTo("pkg:deb/debian/libc6@2.41-12?arch=arm64&distro=debian-13&upstream=glibc");
        SbomPackage zlib = find(dev, "zlib1g");
        assertThat(zlib.sourceName()).isEqualTo("zlib");
        assertThat(zlib.sourceVersion()).isEqualTo(ZLIB);
        assertThat(zlib.dependsOn()).containsExactly("libc6");
        assertThat(find(dev, "libssl3t64").dependsOn()).containsExactly("libc6", "zlib1g");
        assertThat(find(dev, "python3.13-minimal").license()).isEqualTo("PSF-2.0 AND GPL-2.0-or-later");
        assertThat(find(dev, "tzdata").license()).isEqualTo("LicenseRef-public-domain");
        assertThat(find(dev, "base-files").license()).isEqualTo("NOASSERTION");
        assertThat(find(dev, "base-files").sourceName()).isEqualTo("base-files");
    }

    @Test
    void bothFormatsValidateAgainstTheOfficialSchemas() throws IOException {
        for (String ref : List.of(pair.runtimeRef(), pair.devRef())) {
            Sbom sbom = sbom(ref, "amd64");
            byte[] spdx = new SpdxWriter().write(sbom);
            byte[] cyclonedx = new CycloneDxWriter().write(sbom);
            assertThat(SCHEMAS.errors(JsonSchemas.SPDX, spdx)).as(ref + " SPDX").isEmpty();
            assertThat(SCHEMAS.errors(JsonSchemas.CYCLONEDX, cyclonedx)).as(ref + " CycloneDX").isEmpty();

            JsonNode spdxDoc = JSON.readTree(spdx);
            List<JsonNode> debs = new ArrayList<>();
            for (JsonNode p : spdxDoc.get("packages")) {
                if (p.get("SPDXID").asText().startsWith("SPDXRef-Package-deb-")) {
                    debs.add(p);
                }
            }
            assertThat(debs).hasSize(sbom.packages().size());
            assertThat(debs).allSatisfy(p -> {
                assertThat(p.get("externalRefs").get(0).get("referenceLocator").asText()).startsWith("pkg:deb/debian/");
                assertThat(p.get("sourceInfo").asText()).startsWith("built package from: ");
            });
            assertThat(spdxDoc.get("creationInfo").get("created").asText()).isEqualTo("2026-01-02T03:04:05Z");

            JsonNode cdx = JSON.readTree(cyclonedx);
            List<JsonNode> libraries = StreamSupport.stream(cdx.get("components").spliterator(), false)
                    .filter(c -> c.get("type").asText().equals("library")).toList();
            assertThat(libraries).hasSize(sbom.packages().size());
            assertThat(libraries).allSatisfy(c -> assertThat(c.get("properties").toString())
                    .contains("aquasecurity:trivy:SrcName"));
            assertThat(cdx.get("metadata").get("component").get("type").asText()).isEqualTo("container");
            assertThat(StreamSupport.stream(cdx.get("components").spliterator(), false)
                    .filter(c -> c.get("type").asText().equals("operating-system")).findFirst().orElseThrow()
                    .get("version").asText()).isEqualTo("13");
        }
    }

    @Test
    void spdxCarriesTheSourcePackageAndDependencies() throws IOException {
        JsonNode doc = JSON.readTree(new SpdxWriter().write(sbom(pair.runtimeRef(), "amd64")));
        JsonNode libc6 = StreamSupport.stream(doc.get("packages").spliterator(), false)
                .filter(p -> p.get("name").asText().equals("libc6")).findFirst().orElseThrow();
        assertThat(libc6.get("sourceInfo").asText()).isEqualTo("built package from: glibc 2.41-12");
        assertThat(libc6.get("supplier").asText()).isEqualTo("Person: Debian Maintainers (maint@example.org)");
        assertThat(doc.get("relationships").toString())
                .contains("{\"spdxElementId\":\"SPDXRef-Package-deb-zlib1g\",\"relationshipType\":\"DEPENDS_ON\","
                        + "\"relatedSpdxElement\":\"SPDXRef-Package-deb-libc6\"}")
                .contains("{\"spdxElementId\":\"SPDXRef-DOCUMENT\",\"relationshipType\":\"DESCRIBES\","
                        + "\"relatedSpdxElement\":\"SPDXRef-Image\"}");
        assertThat(doc.get("hasExtractedLicensingInfos").get(0).get("licenseId").asText())
                .isEqualTo("LicenseRef-public-domain");
    }

    @Test
    void theSbomFromTheImageEqualsTheSbomFromThePackageRecords() {
        for (String arch : List.of("amd64", "arm64")) {
            for (boolean dev : List.of(false, true)) {
                String ref = dev ? pair.devRef() : pair.runtimeRef();
                Image image = image(ref, arch);
                List<DebianImages.Package> packages = new ArrayList<>(images.runtimePackages(GLIBC, ZLIB));
                if (dev) {
                    packages.addAll(images.devPackages(GLIBC, ZLIB));
                }
                // what the build has at hand: each .deb's control file and copyright, and base-files' os-release
                List<PackageRecord> records = packages.stream().map(p -> new PackageRecord(
                        Deb822.parseOne(p.control(arch), p.name() + ".deb control"), p.copyright())).toList();
                String osRelease = new String(ImageInventory.read(image).filesystem().content("etc/os-release")
                        .orElseThrow(), StandardCharsets.UTF_8);
                Sbom fromRecords = Sbom.of(SbomSubject.of(ref, image), OperatingSystem.parse(osRelease, "13.1\n"),
                        records);
                Sbom fromImage = ImageInventory.read(image).sbom(SbomSubject.of(ref, image));

                assertThat(fromImage).isEqualTo(fromRecords);
                assertThat(new SpdxWriter().write(fromImage)).isEqualTo(new SpdxWriter().write(fromRecords));
                assertThat(new CycloneDxWriter().write(fromImage)).isEqualTo(new CycloneDxWriter().write(fromRecords));
            }
        }
    }

    @Test
    void sbomsAreAttachedToTheImageManifestAsArtifactsAndFoundAgain() {
        Path copy = dir.resolve("attach");
        OciLayout own = OciLayout.openOrCreate(copy);
        DebianImages mine = new DebianImages(own, "13", "trixie");
        DebianImages.Pair built = mine.pair("python", "3.13", mine.runtimePackages(GLIBC, ZLIB), List.of(),
                List.of("amd64"));
        Descriptor manifest = built.runtime().get("amd64");
        Image image = ImageReader.manifestImage(own, manifest, built.runtimeRef());
        Sbom sbom = ImageInventory.read(image).sbom(SbomSubject.of(built.runtimeRef(), image));
        SbomArtifacts artifacts = new SbomArtifacts(own);

        List<Descriptor> first = artifacts.attach(manifest, sbom);
        List<Descriptor> second = artifacts.attach(manifest, sbom);

        assertThat(second).isEqualTo(first);
        List<Descriptor> unnamed = own.index().manifests().stream().filter(d -> d.refName() == null).toList();
        assertThat(unnamed).extracting(Descriptor::artifactType)
                .containsExactlyInAnyOrder("application/spdx+json", "application/vnd.cyclonedx+json");
        assertThat(artifacts.find(manifest, SbomFormat.SPDX)).contains(new SpdxWriter().write(sbom));
        assertThat(artifacts.find(manifest, SbomFormat.CYCLONEDX)).contains(new CycloneDxWriter().write(sbom));
        assertThat(artifacts.find(built.dev().get("amd64"), SbomFormat.SPDX)).isEmpty();
        assertThat(LayoutReferrers.of(own, own.resolve(built.runtimeRef()))).hasSize(2);
    }

    @Test
    void distillSbomPrintsEitherFormat() throws IOException {
        Cli cli = Cli.withCache(dir, dir.resolve("cache"));
        Cli.Result spdx = cli.run("sbom", pair.runtimeRef(), "--arch", "amd64");
        Cli.Result cyclonedx = cli.run("sbom", pair.devRef(), "--format", "cyclonedx", "--arch", "arm64");
        Cli.Result missing = cli.run("sbom", "python:3.12", "--arch", "amd64");

        assertThat(spdx.exitCode()).as(spdx.toString()).isZero();
        assertThat(spdx.out().getBytes(StandardCharsets.UTF_8)).isEqualTo(new SpdxWriter().write(sbom(pair.runtimeRef(), "amd64")));
        assertThat(cyclonedx.exitCode()).as(cyclonedx.toString()).isZero();
        assertThat(JSON.readTree(cyclonedx.out()).get("specVersion").asText()).isEqualTo("1.6");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no image named python:3.12").contains("python:3.13-dev");
    }

    private static SbomPackage find(Sbom sbom, String name) {
        return sbom.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
