package dev.distill.app;

import dev.distill.container.ContainerRunner;
import dev.distill.container.RootfsUnpacker;
import dev.distill.container.RunResult;
import dev.distill.container.RunSpec;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.testing.Cli;
import dev.distill.testing.HostTools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the example tests share: a work directory where {@code distill build SPEC} writes a catalog pair into
 * {@code out/} (packages and build steps cached under {@code target/examples-cache}, so a second run is quick), and
 * {@code distill build-app} of a directory under {@code examples/}.
 */
final class ExamplePairs {
    private final Path work;
    private final Cli cli;

    ExamplePairs(Path work) {
        HostTools.require("runc");
        assertThat(HostTools.isRoot()).as("runc needs root: run these tests as root").isTrue();
        this.work = work;
        this.cli = Cli.withCache(work, Path.of("target", "examples-cache").toAbsolutePath());
    }

    /** Builds the catalog pair {@code spec} for this machine into {@code out/}. */
    void buildPair(String spec) {
        Cli.Result result = cli.run("build", spec, "--arch", ImageReader.hostDebianArch(), "--quiet");
        assertThat(result.exitCode()).as("distill build " + spec + ": " + result).isZero();
    }

    /** Builds {@code examples/NAME} with {@code distill build-app}, tagged {@code tag}, plus extra arguments. */
    Cli.Result buildApp(String name, String tag, String... extra) {
        Path context = Path.of("examples", name).toAbsolutePath();
        assertThat(context).isDirectory();
        List<String> args = new ArrayList<>(List.of("build-app", "-t", tag));
        args.addAll(List.of(extra));
        args.add(context.toString());
        Cli.Result result = cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as("distill build-app " + name + ": " + result).isZero();
        assertThat(result.out()).matches(tag + " sha256:[0-9a-f]{64}\n");
        return result;
    }

    /** The RUN steps a build-app run reported, executed or found in the cache. */
    private static List<String> runSteps(Cli.Result result) {
        return result.err().lines().filter(line -> line.matches("\\[[^]]+] RUN .*")).toList();
    }

    /** Checks that {@code app} is {@code runtime}'s layers, unchanged, plus {@code added} layers. */
    static void assertBuiltOn(Image app, Image runtime, int added) {
        assertThat(app.layers()).as("the runtime image's layers, unchanged, then the final stage's own")
                .hasSize(runtime.layers().size() + added).startsWith(runtime.layers().toArray(Descriptor[]::new));
    }

    /** Runs an image as its configuration says, under runc, with no network. */
    RunResult run(Image image) {
        RunResult result = new ContainerRunner(new RootfsUnpacker(), work.resolve("bundles"))
                .run(image, RunSpec.fromImage(image.config(), null, null));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    /** Builds an example a second time, and checks that every RUN came from the cache and the digest is the same. */
    void assertRebuildIsCached(String name, Cli.Result first) {
        String tag = first.out().split(" ")[0];
        Cli.Result second = buildApp(name, tag);
        assertThat(runSteps(first)).as("RUN steps of the first build").isNotEmpty();
        assertThat(runSteps(second)).as("an unchanged rebuild executes no RUN").hasSameSizeAs(runSteps(first))
                .allMatch(line -> line.endsWith(" (cached)"));
        assertThat(second.out()).isEqualTo(first.out());
    }

    Image image(String name) {
        OciLayout layout = OciLayout.open(work.resolve("out"));
        return ImageReader.image(layout, layout.resolve(name), name, null);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** GETs {@code url} until it answers (the server may still be starting), for at most {@code limit}. */
    static HttpResponse<String> get(String url, Duration limit) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("nothing answered at " + url + " within " + limit, notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /** The bytes of the regular files under {@code dir} (the build context's files as COPY sends them). */
    static long fileBytes(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
