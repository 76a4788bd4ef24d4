package dev.distill.pair;

import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Cli;
import dev.distill.testing.HostTools;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian 12 (bookworm), whose packages still ship files under /lib and /bin: they land under /usr, the merged-/usr
 * links resolve them, and the images run.
 */
class BookwormPairIT {
    @Test
    void aBookwormPairBuildsRunsAndPassesThePolicy() throws Exception {
        HostTools.require("runc");
        Path work = BuiltPairs.itDir().resolve("bookworm");
        Processes.run("rm", "-rf", work.toString());
        Files.createDirectories(work);
        Files.writeString(work.resolve("bw.yaml"), """
                name: bw
                version: "12"
                distro: debian-12
                archs: [amd64]
                runtime:
                  packages: [base-files, libc6, zlib1g]
                  exclude: [mawk]
                dev:
                  packages: [apt]
                  user: root
                """);
        Cli cli = Cli.withCache(work, BuiltPairs.itDir().resolve("cache"));
        Cli.Result build = cli.run("build", "bw.yaml", "-q");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        String lock = Files.readString(work.resolve("bw.lock.json"));
        assertThat(lock).contains("\"distro\": \"debian-12\"", "\"name\": \"bookworm\"", "\"name\": \"bookworm-security\"");

        Cli.Result verify = cli.run("verify", "bw:12");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        Processes.Result run = Processes.run(work, Map.of(), List.of("java", "-jar",
                Processes.projectRoot().resolve("target/distill.jar").toString(), "run", "bw:12-dev", "--", "/bin/sh",
                "-c", "cat /etc/debian_version; ls /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libz.so.1;"
                        + " readlink /lib64; dpkg -s libc6 | grep -c '^Status: install ok installed'"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("12.").contains("/lib/x86_64-linux-gnu/libc.so.6", "usr/lib64\n", "\n1\n");
    }
}
