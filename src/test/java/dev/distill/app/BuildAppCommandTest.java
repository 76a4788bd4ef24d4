package dev.distill.app;

import dev.distill.oci.OciLayout;
import dev.distill.testing.Cli;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code distill build-app} as a user runs it: output, exit codes, and what a failed build leaves behind. */
class BuildAppCommandTest {
    @TempDir
    Path dir;
    private Cli cli;

    @BeforeAll
    static void requireRunc() {
        HostTools.require("runc");
        assertThat(HostTools.isRoot()).as("runc needs root: run these tests as root").isTrue();
    }

    @BeforeEach
    void setUp() throws IOException {
        BusyboxImages.write(OciLayout.openOrCreate(dir.resolve("out")));
        Files.createDirectory(dir.resolve("app"));
        cli = Cli.withCache(dir, dir.resolve("cache"));
    }

    private void dockerfile(String content) throws IOException {
        Files.writeString(dir.resolve("app/Dockerfile"), content);
    }

    @Test
    void buildsTagsAndReportsCachedStepsOnARebuild() throws IOException {
        dockerfile("""
                FROM test:dev AS build
                RUN echo built > /artifact
                FROM test:runtime
                COPY --from=build /artifact /artifact
                """);

        Cli.Result first = cli.run("build-app", "-t", "app", "--network", "none", "app");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).matches("app:latest sha256:[0-9a-f]{64}\n");
        assertThat(first.err()).contains("[stage 0 (build)] RUN echo built > /artifact\n")
                .contains("wrote 2 layers (1 from the base image) to out");

        Cli.Result second = cli.run("build-app", "-t", "app", "--network", "none", "app");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).contains("[stage 0 (build)] RUN echo built > /artifact (cached)\n");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("unsupported instruction", "ONBUILD RUN echo later", "line 2: ONBUILD is not supported"),
                Arguments.of("unknown stage", "COPY --from=nowhere /a /a", "line 2: COPY --from=nowhere names no stage"),
                Arguments.of("failing RUN", "RUN echo about to fail; exit 3", "line 2: RUN echo about to fail; exit 3: "
                        + "the command failed with exit code 3; its last output:\n  about to fail\n"),
                Arguments.of("missing source", "COPY missing.txt /x",
                        "line 2: COPY missing.txt: missing.txt not found in the build context"),
                Arguments.of("unknown image", "COPY --from=test:nothing /a /a",
                        "line 2: no image named test:nothing in"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailedBuildNamesTheLineAndLeavesNothingBehind(String name, String instruction, String message)
            throws IOException {
        dockerfile("FROM test:dev\n" + instruction + "\nRUN echo never\n");
        byte[] index = Files.readAllBytes(dir.resolve("out/index.json"));
        List<Path> blobs = files(dir.resolve("out"));

        Cli.Result result = cli.run("build-app", "-t", "broken:1", "app");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("distill: " + dir.resolve("app/Dockerfile") + " " + message);
        assertThat(result.out()).isEmpty();
        assertThat(dir.resolve("out/index.json")).as("nothing tagged").hasBinaryContent(index);
        assertThat(files(dir.resolve("out"))).as("no blob written to the layout").isEqualTo(blobs);
        assertThat(files(dir.resolve("cache/tmp"))).as("work directories and bundles are removed").isEmpty();
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> !path.equals(root)).sorted().toList();
        }
    }
}
