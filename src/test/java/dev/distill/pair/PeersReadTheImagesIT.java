package dev.distill.pair;

import dev.distill.oci.Image;
import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Cli;
import dev.distill.testing.HostTools;
import dev.distill.testing.Images;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Independent readers accept what Distill writes: umoci unpacks both images of the pair, skopeo inspects and
 * copies the OCI layout and the docker archive. (umoci cannot choose a platform in a multi-arch index, so it reads
 * a single-architecture build of the same lock.)
 */
class PeersReadTheImagesIT {
    private static Path work;
    private static Cli cli;

    @BeforeAll
    static void buildFromTheSameLock() throws IOException {
        HostTools.require("umoci", "skopeo");
        BuiltPairs.Built python = BuiltPairs.python();
        work = BuiltPairs.itDir().resolve("peers");
        Processes.run("rm", "-rf", work.toString());
        Files.createDirectories(work);
        Files.copy(python.lockFile(), work.resolve("python.lock.json"));
        cli = Cli.withCache(work, python.cache());
        Cli.Result oci = cli.run("build", "python", "--locked", "--arch", "amd64", "-o", "single", "-q");
        assertThat(oci.exitCode()).as(oci.toString()).isZero();
        Cli.Result docker = cli.run("build", "python", "--locked", "--arch", "amd64", "--format", "docker-archive",
                "-o", "python.docker.tar", "-q");
        assertThat(docker.exitCode()).as(docker.toString()).isZero();
    }

    @Test
    void umociUnpacksBothImages() {
        for (String ref : List.of("python:3.13", "python:3.13-dev")) {
            Path bundle = work.resolve("umoci-" + ref.replace(':', '-'));
            Processes.Result unpack = Processes.run("umoci", "unpack", "--image", work.resolve("single") + ":" + ref,
                    bundle.toString());
            assertThat(unpack.exitCode()).as(unpack.toString()).isZero();
            assertThat(bundle.resolve("rootfs/usr/bin/python3.13")).isRegularFile();
            assertThat(bundle.resolve("rootfs/etc/os-release")).exists();
            assertThat(bundle.resolve("config.json")).isRegularFile();
        }
        assertThat(work.resolve("umoci-python-3.13/rootfs/usr/bin/sh")).doesNotExist();
        assertThat(work.resolve("umoci-python-3.13-dev/rootfs/usr/bin/dash")).isRegularFile();
    }

    @Test
    void skopeoInspectsAndCopiesTheMultiArchLayout() {
        Path layout = BuiltPairs.python().layout();
        for (String ref : List.of("python:3.13", "python:3.13-dev")) {
            Image amd64 = Images.image(layout, ref, "amd64");
            Processes.Result inspect = Processes.run("skopeo", "inspect", "oci:" + layout + ":" + ref);
            assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
            assertThat(inspect.out()).contains("\"Digest\": \"" + Images.top(layout, ref).digest() + "\"")
                    .contains("\"Architecture\": \"amd64\"").contains(amd64.layers().get(1).digest().toString());
            Processes.Result raw = Processes.run("skopeo", "inspect", "--raw", "oci:" + layout + ":" + ref);
            assertThat(raw.out()).contains("linux").contains("arm64").contains("amd64");
            Path copy = work.resolve("skopeo-copy-" + ref.replace(':', '-'));
            Processes.Result copied = Processes.run("skopeo", "copy", "--all", "oci:" + layout + ":" + ref,
                    "oci:" + copy + ":" + ref);
            assertThat(copied.exitCode()).as(copied.toString()).isZero();
            assertThat(Images.image(copy, ref, "arm64").descriptor().digest())
                    .isEqualTo(Images.image(layout, ref, "arm64").descriptor().digest());
        }
    }

    @Test
    void skopeoReadsTheDockerArchive() {
        Path archive = work.resolve("python.docker.tar");
        for (String ref : List.of("python:3.13", "python:3.13-dev")) {
            Processes.Result inspect = Processes.run("skopeo", "inspect", "docker-archive:" + archive + ":" + ref);
            assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
            assertThat(inspect.out()).contains("\"Architecture\": \"amd64\"");
            Path copy = work.resolve("from-docker-" + ref.replace(':', '-'));
            Processes.Result copied = Processes.run("skopeo", "copy", "docker-archive:" + archive + ":" + ref,
                    "oci:" + copy + ":" + ref);
            assertThat(copied.exitCode()).as(copied.toString()).isZero();
            Image fromArchive = Images.image(copy, ref, "amd64");
            Image original = Images.image(work.resolve("single"), ref, "amd64");
            assertThat(fromArchive.config().diffIds()).isEqualTo(original.config().diffIds());
        }
    }
}
