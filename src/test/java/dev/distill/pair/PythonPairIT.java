package dev.distill.pair;

import dev.distill.lock.LockFile;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import dev.distill.oci.OciLayout;
import dev.distill.sbom.SbomArtifacts;
import dev.distill.sbom.SbomFormat;
import dev.distill.testing.BuiltPairs;
import dev.distill.testing.HostTools;
import dev.distill.testing.Images;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The python pair as a user gets it from {@code ./distill build python}, checked by running it for real. */
class PythonPairIT {
    private static BuiltPairs.Built python;

    @BeforeAll
    static void build() {
        HostTools.require("runc");
        python = BuiltPairs.python();
    }

    private static Processes.Result distill(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar",
                Processes.projectRoot().resolve("target/distill.jar").toString()));
        command.addAll(List.of(args));
        return Processes.run(python.workDir(), Map.of(), command);
    }

    @Test
    void theLayoutHoldsBothImagesForBothArchitectures() {
        for (String ref : List.of("python:3.13", "python:3.13-dev")) {
            List<Image> images = Images.all(python.layout(), ref);
            assertThat(images).extracting(i -> i.platform().toString())
                    .containsExactlyInAnyOrder("linux/amd64", "linux/arm64/v8");
        }
        assertThat(python.run().out()).contains("python:3.13 ", "python:3.13-dev ", "amd64", "arm64");
    }

    @Test
    void theRuntimeImageIsSmallAndRunsPythonAsNonroot() {
        Image runtime = Images.image(python.layout(), "python:3.13", "amd64");
        assertThat(runtime.compressedSize()).isLessThanOrEqualTo(22_000_000L);
        assertThat(python.run().out()).containsPattern("python:3.13 +amd64 +[0-9.]+ MB +(2[0-4]|1[0-9]) packages");
        Processes.Result run = distill("run", "python:3.13", "--", "-c",
                "import os, ssl, sqlite3, zoneinfo, ctypes, json, urllib.request\n"
                        + "ctx = ssl.create_default_context()\n"
                        + "print(os.getuid(), os.getgid(), ctx.cert_store_stats()['x509_ca'] > 100,"
                        + " zoneinfo.ZoneInfo('Europe/Paris').key, sqlite3.sqlite_version_info > (3,),"
                        + " ctypes.CDLL(None) is not None, json.dumps([1]))");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("65532 65532 True Europe/Paris True True [1]\n");
    }

    @Test
    void theRuntimeImageHasNoShell() {
        Processes.Result run = distill("run", "python:3.13", "--entrypoint", "/bin/sh", "--", "-c", "echo hi");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.out()).doesNotContain("hi");
        assertThat(run.err()).contains("/bin/sh").contains("no such file or directory");
    }

    @Test
    void theDevImageHasAShellCompilersPipAndAWorkingApt() {
        Processes.Result run = distill("run", "python:3.13-dev", "--network", "host", "--", "/bin/sh", "-c",
                "set -e; python3 -m venv /tmp/venv; /tmp/venv/bin/pip --version; gcc --version | head -1;"
                        + " printf 'int main(){return 7;}' > /tmp/a.c; cc -o /tmp/a /tmp/a.c; /tmp/a || echo built=$?;"
                        + " apt-get update -qq; apt-get install -y -qq jq > /tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; };"
                        + " echo '{\"ok\":true}' | jq -c .");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("pip ", "gcc (Debian 14", "built=7", "{\"ok\":true}");
        assertThat(run.err()).doesNotContain("W: ", "E: ");
    }

    @Test
    void theDevImageStartsWithTheRuntimeImagesLayers() {
        for (String arch : List.of("amd64", "arm64")) {
            List<Descriptor> runtime = Images.image(python.layout(), "python:3.13", arch).layers();
            List<Descriptor> dev = Images.image(python.layout(), "python:3.13-dev", arch).layers();
            assertThat(dev.size()).isGreaterThan(runtime.size());
            assertThat(dev.subList(0, runtime.size())).isEqualTo(runtime);
        }
    }

    @Test
    void verifyPassesTheRuntimeImageAndFailsTheDevImage() {
        Processes.Result runtime = distill("verify", "python:3.13");
        assertThat(runtime.exitCode()).as(runtime.toString()).isZero();
        assertThat(runtime.out()).contains("python:3.13 (linux/amd64): passes", "python:3.13 (linux/arm64/v8): passes");
        Processes.Result dev = distill("verify", "python:3.13-dev", "--arch", "amd64");
        assertThat(dev.exitCode()).isEqualTo(3);
        assertThat(dev.out()).contains("FAIL  no shell").contains("/usr/bin/bash").contains("/usr/bin/dash")
                .contains("FAIL  no package manager").contains("/usr/bin/apt-get").contains("/usr/bin/dpkg")
                .contains("FAIL  runs as a non-root user");
        assertThat(dev.err()).contains("the runtime policy fails for python:3.13-dev (linux/amd64)");
    }

    @Test
    void theSbomsAttachedAtBuildTimeEqualTheSbomsReadFromTheImages() throws Exception {
        var layout = OciLayout.open(python.layout());
        var artifacts = new SbomArtifacts(layout);
        var lock = LockFile.read(python.lockFile());
        for (String ref : List.of("python:3.13", "python:3.13-dev")) {
            Image image = Images.image(python.layout(), ref, "amd64");
            for (String format : List.of("spdx", "cyclonedx")) {
                byte[] attached = artifacts.find(image.descriptor(), SbomFormat.parse(format)).orElseThrow();
                Processes.Result read = distill("sbom", ref, "--arch", "amd64", "--format", format);
                assertThat(read.exitCode()).as(read.toString()).isZero();
                assertThat(new String(attached, StandardCharsets.UTF_8)).as(ref + " " + format)
                        .isEqualTo(read.out());
            }
            var spdx = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    artifacts.find(image.descriptor(), SbomFormat.SPDX).orElseThrow());
            long packages = 0;
            for (var p : spdx.get("packages")) {
                if (p.path("externalRefs").toString().contains("pkg:deb/debian/")) {
                    packages++;
                    String name = p.get("name").asText();
                    assertThat(lock.packages("amd64")).as(name).anyMatch(l -> l.name().equals(name)
                            && l.version().equals(p.get("versionInfo").asText()));
                }
            }
            boolean runtime = ref.equals("python:3.13");
            long locked = lock.packages("amd64").stream().filter(l -> !runtime || l.side().equals("runtime")).count();
            assertThat(packages).as(ref + " SBOM packages vs lock").isEqualTo(locked);
        }
    }
}
