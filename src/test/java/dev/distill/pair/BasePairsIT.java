package dev.distill.pair;

import dev.distill.lock.LockFile;
import dev.distill.oci.Image;
import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Cli;
import dev.distill.testing.Images;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The runtime bases: static (no libc) and base (static + libc, OpenSSL, zlib). */
class BasePairsIT {
    @Test
    void staticIsTinyHasNoLibcAndPassesThePolicy() {
        BuiltPairs.Built built = BuiltPairs.pair("static", "amd64");
        Image image = Images.image(built.layout(), "static:13", "amd64");
        assertThat(image.compressedSize()).isLessThanOrEqualTo(2_500_000L);
        assertThat(built.run().out()).doesNotContain("libc6");
        Cli.Result verify = Cli.withCache(built.workDir(), built.cache()).run("verify", "static:13");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("static:13 (linux/amd64): passes");
        assertThat(LockFile.read(built.lockFile()).packages("amd64"))
                .filteredOn(p -> p.side().equals("runtime")).extracting(p -> p.name())
                .containsExactlyInAnyOrder("base-files", "ca-certificates", "media-types", "netbase", "tzdata",
                        "tzdata-legacy");
    }

    @Test
    void baseCarriesTheCLibraryAndPassesThePolicy() {
        BuiltPairs.Built built = BuiltPairs.pair("base", "amd64");
        Image image = Images.image(built.layout(), "base:13", "amd64");
        assertThat(image.compressedSize()).isLessThan(15_000_000L);
        Cli.Result verify = Cli.withCache(built.workDir(), built.cache()).run("verify", "base:13");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(read(built.lockFile())).contains("\"name\": \"libc6\"", "\"name\": \"libssl3t64\"", "\"name\": \"zlib1g\"");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
