package dev.distill.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill.debian.Deb822;
import dev.distill.oci.Image;
import dev.distill.oci.ImageFilesystem;
import dev.distill.oci.OciLayout;
import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Images;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SBOMs a real build attaches: valid SPDX 2.3 and CycloneDX 1.6, one package per dpkg record (status.d in the
 * runtime image, status in the dev image), each with its purl and source package.
 */
class PythonSbomIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePythonPairsSbomsAreValidAndCountEveryPackageOnce() throws IOException {
        BuiltPairs.Built python = BuiltPairs.python();
        SbomArtifacts artifacts = new SbomArtifacts(OciLayout.open(python.layout()));
        for (String arch : List.of("amd64", "arm64")) {
            for (String ref : List.of("python:3.13", "python:3.13-dev")) {
                Image image = Images.image(python.layout(), ref, arch);
                byte[] spdx = artifacts.find(image.descriptor(), SbomFormat.SPDX).orElseThrow();
                byte[] cyclonedx = artifacts.find(image.descriptor(), SbomFormat.CYCLONEDX).orElseThrow();
                assertThat(SbomTest.SCHEMAS.errors(JsonSchemas.SPDX, spdx)).as(ref + " " + arch + " SPDX").isEmpty();
                assertThat(SbomTest.SCHEMAS.errors(JsonSchemas.CYCLONEDX, cyclonedx)).as(ref + " " + arch + " CycloneDX")
                        .isEmpty();

                int records = dpkgRecords(image, ref.endsWith("-dev"));
                List<JsonNode> spdxPackages = debianPackages(JSON.readTree(spdx).get("packages"), "externalRefs");
                List<JsonNode> cdxPackages = debianPackages(JSON.readTree(cyclonedx).get("components"), "purl");
                assertThat(spdxPackages).as(ref + " SPDX packages").hasSize(records);
                assertThat(cdxPackages).as(ref + " CycloneDX components").hasSize(records);
                assertThat(spdxPackages).allSatisfy(p -> {
                    assertThat(p.toString()).contains("pkg:deb/debian/").contains("distro=debian-13");
                    assertThat(p.path("sourceInfo").asText()).startsWith("built package from: ");
                });
                assertThat(cdxPackages).allSatisfy(p -> assertThat(p.toString()).contains("aquasecurity:trivy:SrcName"));
            }
        }
    }

    /** Counts the dpkg records the image itself holds, read independently of the SBOM code. */
    private static int dpkgRecords(Image image, boolean dev) {
        ImageFilesystem fs = ImageFilesystem.read(image, p -> p.equals("var/lib/dpkg/status"));
        if (dev) {
            assertThat(fs.children("var/lib/dpkg/status.d")).as("status.d is whited out in the dev image").isEmpty();
            String status = new String(fs.content("var/lib/dpkg/status").orElseThrow(), StandardCharsets.UTF_8);
            return Deb822.parse(status, "status").size();
        }
        return (int) fs.children("var/lib/dpkg/status.d").stream()
                .filter(n -> n.isFile() && !n.path().endsWith(".md5sums")).count();
    }

    private static List<JsonNode> debianPackages(JsonNode array, String field) {
        List<JsonNode> packages = new ArrayList<>();
        array.forEach(p -> {
            if (p.path(field).toString().contains("pkg:deb/debian/")) {
                packages.add(p);
            }
        });
        return packages;
    }
}
