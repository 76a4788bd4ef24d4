package dev.distill.pair;

import dev.distill.common.DistillException;
import dev.distill.container.ContainerRunner;
import dev.distill.container.RootfsUnpacker;
import dev.distill.container.RunResult;
import dev.distill.container.RunSpec;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.sbom.ImageInventory;
import dev.distill.spec.Catalog;
import dev.distill.spec.ImageSpec;
import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Cli;
import dev.distill.testing.HostTools;
import dev.distill.testing.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every pair of the catalog, built for amd64 and arm64 into one layout, each image proven by running it under runc:
 * the runtime image runs its language as uid 65532, the dev image builds something with its toolchain, and what the
 * dev image built runs on the runtime image. (python's checks are in {@link PythonPairIT}.)
 */
class CatalogPairsIT {
    private static final String ARCH = ImageReader.hostDebianArch();
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @TempDir
    static Path dir;
    private static BuiltPairs.Built catalog;

    @BeforeAll
    static void build() {
        HostTools.require("runc");
        assertThat(HostTools.isRoot()).as("runc needs root: run these tests as root").isTrue();
        catalog = BuiltPairs.catalog();
    }

    private static Image image(String ref) {
        return Images.image(catalog.layout(), ref, ARCH);
    }

    /** Runs {@code ref} as its config says, with {@code entrypoint}/{@code command} overrides (null: the image's). */
    private static RunResult run(String ref, List<String> entrypoint, List<String> command,
                                 UnaryOperator<RunSpec> adjust) {
        Image image = image(ref);
        RunSpec spec = adjust.apply(RunSpec.fromImage(image.config(), entrypoint, command).withTimeout(LIMIT));
        return new ContainerRunner(new RootfsUnpacker(), dir.resolve("bundles")).run(image, spec);
    }

    private static RunResult succeeds(RunResult result) {
        assertThat(result.exitCode()).as("exit code; stdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr())
                .isZero();
        return result;
    }

    /** A shell script run on a dev image with {@code work} mounted read-write at /work. */
    private static RunResult script(String ref, Path work, String script) {
        return succeeds(run(ref, List.of("/bin/sh", "-c"), List.of("set -e; " + script),
                s -> s.withMount(new RunSpec.BindMount(work, "/work", false))));
    }

    private static UnaryOperator<RunSpec> readOnly(Path work) {
        return s -> s.withMount(new RunSpec.BindMount(work, "/work", true));
    }

    @Test
    void everyPairIsBuiltForBothArchitecturesAndItsDevImageStartsWithTheRuntimeLayers() {
        List<ImageSpec> specs = new Catalog(catalog.workDir()).pairs().stream().map(Catalog.Found::spec).toList();
        assertThat(specs).extracting(ImageSpec::runtimeRef).contains("cc:13", "node:20", "jre:21", "static:13",
                "nginx:1.26", "python:3.13", "base:13");
        assertThat(specs).extracting(ImageSpec::devRef).contains("cc:13-dev", "node:20-dev", "jdk:21", "golang:1.24",
                "nginx:1.26-dev");
        for (ImageSpec spec : specs) {
            for (String ref : List.of(spec.runtimeRef(), spec.devRef())) {
                assertThat(Images.all(catalog.layout(), ref)).as(ref).extracting(i -> i.platform().toString())
                        .containsExactlyInAnyOrder("linux/amd64", "linux/arm64/v8");
            }
            for (String arch : List.of("amd64", "arm64")) {
                List<Descriptor> runtime = Images.image(catalog.layout(), spec.runtimeRef(), arch).layers();
                List<Descriptor> dev = Images.image(catalog.layout(), spec.devRef(), arch).layers();
                assertThat(dev).as(spec.devRef() + " " + arch).hasSizeGreaterThan(runtime.size())
                        .startsWith(runtime.toArray(Descriptor[]::new));
            }
            assertThat(image(spec.runtimeRef()).config().configOrEmpty().user()).as(spec.runtimeRef())
                    .isEqualTo("65532");
        }
    }

    @Test
    void verifyPassesEveryRuntimeImageOfTheCatalog() {
        List<String> runtimes = new Catalog(catalog.workDir()).pairs().stream().map(f -> f.spec().runtimeRef())
                .toList();
        List<String> args = new ArrayList<>(List.of("verify", "--layout", catalog.layout().toString()));
        args.addAll(runtimes);
        Cli.Result verify = Cli.withCache(catalog.workDir(), catalog.cache()).run(args.toArray(String[]::new));
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        for (String ref : runtimes) {
            assertThat(verify.out()).contains(ref + " (linux/amd64): passes", ref + " (linux/arm64/v8): passes");
        }
    }

    @Test
    void aCppProgramBuiltOnCcDevRunsOnCcAsNonroot() throws IOException {
        Path work = Files.createDirectories(dir.resolve("cc"));
        Files.writeString(work.resolve("hello.cpp"), """
                #include <iostream>
                #include <string>
                #include <unistd.h>
                int main() { std::string s = "hello from C++"; std::cout << s << " as uid " << getuid() << std::endl; }
                """);
        Files.writeString(work.resolve("exit.c"), "int main(void) { return 7; }\n");

        RunResult built = script("cc:13-dev", work, "cd /work; g++ -O2 -o hello hello.cpp; gcc -o exit exit.c;"
                + " ./exit || echo c=$?; g++ --version | head -1; make --version | head -1");
        assertThat(built.stdout()).contains("c=7", "g++ (Debian 14", "GNU Make");

        RunResult ran = succeeds(run("cc:13", List.of("/work/hello"), List.of(), readOnly(work)));
        assertThat(ran.stdout()).isEqualTo("hello from C++ as uid 65532\n");
        assertThatThrownBy(() -> run("cc:13", List.of("/bin/sh"), List.of("-c", "true"), s -> s))
                .isInstanceOf(DistillException.class).hasMessageContaining("/bin/sh");
    }

    @Test
    void nodeLoadsHttpsAndZlibAsNonrootWithoutNpm() {
        RunResult ran = succeeds(run("node:20", null, List.of("-e", """
                const https = require('https'), zlib = require('zlib'), tls = require('tls');
                console.log(process.version.split('.')[0], process.getuid(), typeof https.request,
                  zlib.gunzipSync(zlib.gzipSync('inflated')).toString(), tls.rootCertificates.length > 100);
                """), s -> s));
        assertThat(ran.stdout()).isEqualTo("v20 65532 function inflated true\n");
        for (String absent : List.of("/usr/bin/npm", "/usr/bin/corepack", "/bin/sh")) {
            assertThatThrownBy(() -> run("node:20", List.of(absent), List.of("--version"), s -> s)).as(absent)
                    .isInstanceOf(DistillException.class).hasMessageContaining(absent);
        }
    }

    @Test
    void npmOnNodeDevInstallsALocalPackageThatNodeThenLoads() throws IOException {
        Path work = Files.createDirectories(dir.resolve("node"));
        Path greet = Files.createDirectories(work.resolve("greet"));
        Files.writeString(greet.resolve("package.json"), "{\"name\": \"greet\", \"version\": \"1.0.0\", \"main\": \"index.js\"}\n");
        Files.writeString(greet.resolve("index.js"), "module.exports = name => 'hello, ' + name;\n");

        RunResult built = script("node:20-dev", work, "npm --version; mkdir /tmp/app; cd /tmp/app;"
                + " npm init -y > /dev/null; npm install --offline --no-audit --no-fund /work/greet;"
                + " node -e \"console.log(require('greet')('npm'))\"; ls -d node_modules/greet; gcc --version | head -1");
        assertThat(built.stdout()).containsPattern("(?m)^\\d+\\.\\d+\\.\\d+$").contains("added 1 package", "hello, npm",
                "node_modules/greet", "gcc (Debian 14");
    }

    @Test
    void classesCompiledOnTheJdkRunOnTheJreWithItsGeneratedTrustStore() throws IOException {
        Path work = Files.createDirectories(dir.resolve("java"));
        Files.writeString(work.resolve("Check.java"), """
                import java.security.KeyStore;
                import javax.net.ssl.SSLContext;
                import javax.net.ssl.TrustManagerFactory;
                import javax.net.ssl.X509TrustManager;

                public class Check {
                    public static void main(String[] args) throws Exception {
                        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                        factory.init((KeyStore) null);
                        X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
                        System.out.println(Runtime.version().feature() + " " + System.getProperty("user.name") + " "
                                + SSLContext.getDefault().getProtocol() + " " + trust.getAcceptedIssuers().length);
                    }
                }
                """);

        RunResult built = script("jdk:21", work, "cd /work; javac -d classes Check.java; java Check.java;"
                + " jar --create --file check.jar -C classes . && jar --list --file check.jar");
        assertThat(built.stdout()).containsPattern("(?m)^21 root Default (\\d{3})$").contains("Check.class");

        RunResult ran = succeeds(run("jre:21", null, List.of("-cp", "/work/classes", "Check"), readOnly(work)));
        assertThat(ran.stdout()).matches("21 nonroot Default \\d{3}\n");
        assertThat(Integer.parseInt(ran.stdout().strip().split(" ")[3])).isGreaterThan(100);

        RunResult version = succeeds(run("jre:21", null, List.of("-version"), s -> s));
        assertThat(version.stderr()).contains("openjdk version \"21.");
        assertThatThrownBy(() -> run("jre:21", List.of("/usr/bin/javac"), List.of("-version"), s -> s))
                .isInstanceOf(DistillException.class).hasMessageContaining("/usr/bin/javac");
    }

    @Test
    void aGoBinaryBuiltOnGolangRunsOnStaticWhichHasNoLibc() throws IOException {
        Path work = Files.createDirectories(dir.resolve("go"));
        Files.writeString(work.resolve("go.mod"), "module example.com/hello\n\ngo 1.24\n");
        // crypto/x509 would triple the build (the standard library is compiled on first use): the CA bundle Go
        // reads on Linux is counted instead
        Files.writeString(work.resolve("main.go"), """
                package main

                import (
                	"fmt"
                	"os"
                	"runtime"
                	"strings"
                	"time"
                )

                func main() {
                	bundle, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
                	if err != nil {
                		panic(err)
                	}
                	paris, err := time.LoadLocation("Europe/Paris")
                	if err != nil {
                		panic(err)
                	}
                	fmt.Println(runtime.Version()[:6], os.Getuid(), strings.Count(string(bundle), "BEGIN CERTIFICATE") > 100,
                		paris.String())
                }
                """);

        RunResult built = script("golang:1.24", work, "cd /work; go version; go env CGO_ENABLED GOTOOLCHAIN;"
                + " CGO_ENABLED=0 GOPROXY=off GOCACHE=/tmp/go-cache go build -o hello .");
        assertThat(built.stdout()).contains("go version go1.24").contains("1\nlocal\n");

        RunResult ran = succeeds(run("static:13", List.of("/work/hello"), List.of(), readOnly(work)));
        assertThat(ran.stdout()).isEqualTo("go1.24 65532 true Europe/Paris\n");
        assertThat(ImageInventory.read(image("static:13")).packages()).extracting(ImageInventory.InstalledPackage::name)
                .containsExactlyInAnyOrder("base-files", "ca-certificates", "media-types", "netbase", "tzdata",
                        "tzdata-legacy");
    }

    @Test
    void nginxServesItsDefaultPageOn8080AsNonrootAndLogsToStdoutAndStderr() throws Exception {
        requireFreePort(8080);
        Image image = image("nginx:1.26");
        CompletableFuture<RunResult> server = CompletableFuture.supplyAsync(() ->
                new ContainerRunner(new RootfsUnpacker(), dir.resolve("bundles")).run(image, RunSpec.fromImage(image.config(), null,
                        null).withNetwork(RunSpec.Network.HOST).withTimeout(Duration.ofMinutes(2))));

        HttpResponse<String> page = get("http://127.0.0.1:8080/", server);
        HttpResponse<String> missing = get("http://127.0.0.1:8080/missing", server);
        List<ProcessHandle> nginx = containerNginx();
        assertThat(nginx).as("nginx's processes").isNotEmpty();
        List<String> uids = new ArrayList<>();
        for (ProcessHandle p : nginx) {
            uids.add(Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1]);
        }
        ProcessHandle master = nginx.stream().filter(p -> p.parent().stream().noneMatch(nginx::contains))
                .findFirst().orElseThrow();
        master.destroy();
        RunResult result = server.get(1, TimeUnit.MINUTES);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Welcome to nginx!</title>");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(uids).as("uid of every nginx process").containsOnly("65532");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("\"GET / HTTP/1.1\" 200 ").contains("\"GET /missing HTTP/1.1\" 404 ");
        assertThat(result.stderr()).contains("[notice]").contains("start worker process").doesNotContain("[emerg]",
                "[alert]", "[crit]");
    }

    @Test
    void nginxDevChecksItsConfigurationAndInstallsCurlWithApt() {
        requireFreePort(8080);
        RunResult built = succeeds(run("nginx:1.26-dev", List.of("/bin/sh", "-c"), List.of(
                "set -e; nginx -t 2>&1; apt-get update -qq; apt-get install -y -qq --no-install-recommends curl"
                        + " > /tmp/apt.log 2>&1 || { cat /tmp/apt.log; exit 1; }; nginx; sleep 1;"
                        + " curl -s http://127.0.0.1:8080/ | grep -o 'Welcome to nginx!'; nginx -s quit"),
                s -> s.withNetwork(RunSpec.Network.HOST)));
        assertThat(built.stdout()).contains("syntax is ok", "test is successful", "Welcome to nginx!");
    }

    private static void requireFreePort(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(probe.getLocalPort()).isEqualTo(port);
        } catch (IOException e) {
            throw new AssertionError("port " + port + " on 127.0.0.1 is in use on this machine: the nginx tests run "
                    + "the image on the host network, where it listens on " + port, e);
        }
    }

    /** GETs {@code url} until the server answers, or fails when the container ended first or a minute passed. */
    private static HttpResponse<String> get(String url, CompletableFuture<RunResult> server) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (server.isDone()) {
                    RunResult ended = server.get();
                    throw new AssertionError("nginx ended before it answered: exit " + ended.exitCode() + "\n"
                            + ended.stderr(), notYet);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("nothing answered at " + url, notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    /** nginx's processes in a mount namespace other than this one's: the container's. */
    private static List<ProcessHandle> containerNginx() throws IOException {
        Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path p : proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String commandLine = Files.readString(p.resolve("cmdline"));
                    if (commandLine.startsWith("nginx: ") && !Files.readSymbolicLink(p.resolve("ns/mnt")).equals(ours)) {
                        ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(found::add);
                    }
                } catch (IOException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return found;
    }
}
