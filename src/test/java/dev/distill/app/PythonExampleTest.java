package dev.distill.app;

import dev.distill.container.ContainerRunner;
import dev.distill.container.RootfsUnpacker;
import dev.distill.container.RunResult;
import dev.distill.container.RunSpec;
import dev.distill.oci.Image;
import dev.distill.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/python: built on python:3.13-dev, shipped on python:3.13, serving its page as uid 65532. */
class PythonExampleTest {
    private static final long ONE_MB = 1 << 20;

    @TempDir
    static Path work;
    private static ExamplePairs pairs;

    @BeforeAll
    static void buildThePythonPair() {
        pairs = new ExamplePairs(work);
        pairs.buildPair("python");
    }

    @Test
    void theAppServesItsPageFromTheRuntimeImageAndAnUnchangedRebuildRunsNothing() throws Exception {
        Cli.Result first = pairs.buildApp("python", "hello-python:1");

        Image app = pairs.image("hello-python:1");
        Image runtime = pairs.image("python:3.13");
        ExamplePairs.assertBuiltOn(app, runtime, 2);
        assertThat(ImageFiles.merged(app)).as("no compiler, shell or pip came along")
                .doesNotContainKeys("usr/bin/gcc", "bin/sh", "usr/bin/sh", "venv/bin/pip");

        Image builder = pairs.image(pairs.buildApp("python", "hello-python:build", "--target", "build").out()
                .split(" ")[0]);
        long venv = ImageFiles.merged(builder).entrySet().stream().filter(e -> e.getKey().startsWith("venv/"))
                .mapToLong(e -> e.getValue().size()).sum();
        long copied = venv + ExamplePairs.fileBytes(Path.of("examples", "python", "app"));
        assertThat(ImageFiles.uncompressedSize(app) - ImageFiles.uncompressedSize(runtime))
                .as("what the final stage adds beyond the %d bytes it copies", copied)
                .isLessThanOrEqualTo(copied + ONE_MB);

        int port = ExamplePairs.freePort();
        RunSpec spec = RunSpec.fromImage(app.config(), null, null).withNetwork(RunSpec.Network.HOST)
                .withEnv("PORT", Integer.toString(port)).withEnv("HOST", "127.0.0.1");
        ExecutorService server = Executors.newSingleThreadExecutor();
        Future<RunResult> running = server.submit(
                () -> new ContainerRunner(new RootfsUnpacker(), work.resolve("bundles")).run(app, spec));
        try {
            HttpResponse<String> page = ExamplePairs.get("http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>HELLO, WORLD!</h1>").containsPattern("compiled with gcc \\d+")
                    .contains("as uid 65532.");
        } finally {
            running.cancel(true);
            server.shutdown();
            assertThat(server.awaitTermination(30, TimeUnit.SECONDS)).as("the server container stopped").isTrue();
        }

        pairs.assertRebuildIsCached("python", first);
    }
}
