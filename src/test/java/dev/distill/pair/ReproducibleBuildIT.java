package dev.distill.pair;

import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Cli;
import dev.distill.testing.Images;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same lock gives the same image digests: with another cache and output directory, with one worker thread, with
 * four, and under a second JDK (Temurin 25, whose java.util.zip bundles its own zlib). Every layer is compressed
 * again in each build (no layer cache in the first two, --no-cache in the third).
 */
class ReproducibleBuildIT {
    private static final Path TEMURIN = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    void theSameLockGivesTheSameIndexDigestsEverywhere() throws IOException {
        BuiltPairs.Built first = BuiltPairs.python();
        Path work = BuiltPairs.itDir().resolve("reproduce");
        Processes.run("rm", "-rf", work.toString());
        Files.createDirectories(work);
        Files.copy(first.lockFile(), work.resolve("python.lock.json"));

        Cli.Result second = Cli.withCache(work, work.resolve("other-cache"))
                .run("build", "python", "--locked", "-o", "other-out", "--threads", "1", "-q");
        assertThat(second.exitCode()).as(second.toString()).isZero();

        assertThat(TEMURIN).as("the second JDK of this machine").isExecutable();
        Processes.Result third = Processes.run(work, Map.of("DISTILL_CACHE", work.resolve("other-cache").toString()),
                List.of(TEMURIN.toString(), "-jar", Processes.projectRoot().resolve("target/distill.jar").toString(),
                        "build", "python", "--locked", "-o", "temurin-out", "--threads", "4", "--no-cache", "-q"));
        assertThat(third.exitCode()).as(third.toString()).isZero();

        for (String ref : List.of("python:3.13", "python:3.13-dev")) {
            var expected = Images.top(first.layout(), ref).digest();
            assertThat(Images.top(work.resolve("other-out"), ref).digest()).as(ref + " with another cache, 1 thread")
                    .isEqualTo(expected);
            assertThat(Images.top(work.resolve("temurin-out"), ref).digest()).as(ref + " under Temurin 25, 4 threads")
                    .isEqualTo(expected);
        }
    }
}
