package dev.distill.lock;

import dev.distill.testing.Cli;
import dev.distill.testing.DebianMirror;
import dev.distill.testing.MirrorProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Fetching the python set a second time downloads no package: the verified cache serves them all. */
class WarmFetchTest {
    @TempDir
    Path tmp;

    @Test
    void aWarmSecondFetchOfThePythonSetMakesNoPackageRequests() throws Exception {
        var mirrors = DebianMirror.mirrors();
        try (MirrorProxy proxy = new MirrorProxy(mirrors.main(), mirrors.security())) {
            Path work = Files.createDirectories(tmp.resolve("work"));
            Cli cli = Cli.withCache(work, tmp.resolve("cache"));
            String[] args = {"fetch", "python", "--mirror", proxy.mainUrl(), "--security-mirror", proxy.securityUrl()};
            Cli.Result cold = cli.run(args);
            assertThat(cold.exitCode()).as(cold.toString()).isZero();
            long debs = proxy.requestsEndingWith(".deb");
            assertThat(debs).isGreaterThan(150);
            assertThat(cold.out()).contains(debs + " downloaded");

            int before = proxy.requests().size();
            Cli.Result warm = cli.run(args[0], args[1], "--locked", args[2], args[3], args[4], args[5]);
            assertThat(warm.exitCode()).as(warm.toString()).isZero();
            assertThat(proxy.requests().subList(before, proxy.requests().size())).isEmpty();
            assertThat(warm.out()).contains(" 0 downloaded");
        }
    }
}
