package dev.distill.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.testing.Cli;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code distill push} and {@code distill pull} as a user runs them, against Debian's docker-registry (seen through
 * a counting proxy), on a small synthetic pair {@code demo:1} / {@code demo:1-dev} named by {@code catalog/demo.yaml}.
 */
class RegistryCommandsTest {
    private static final Platform AMD64 = Platform.ofDebianArch("amd64");
    private static final Platform ARM64 = Platform.ofDebianArch("arm64");

    @TempDir
    static Path dir;
    @AutoClose
    static ProxiedRegistry served;
    static CountingProxy proxy;
    static RegistryProcess registry;
    static Path work;
    static OciLayout layout;
    static Descriptor runtime;
    static Descriptor dev;

    @BeforeAll
    static void startRegistryAndMakeThePair() throws IOException {
        HostTools.require("docker-registry", "skopeo", "htpasswd");
        served = new ProxiedRegistry(dir.resolve("registry"));
        proxy = served.proxy();
        registry = served.registry();

        work = dir.resolve("work");
        layout = OciLayout.openOrCreate(work.resolve("out"));
        TestImages images = new TestImages(layout, 11);
        List<TestImages.Layer> amd64 = List.of(images.layer(4000), images.layer(3000));
        List<TestImages.Layer> arm64 = List.of(images.layer(4000), images.layer(3000));
        Descriptor runtimeAmd64 = images.image(AMD64, amd64);
        runtime = images.index(List.of(runtimeAmd64, images.image(ARM64, arm64)));
        Descriptor devAmd64 = images.image(AMD64, Stream.concat(amd64.stream(), Stream.of(images.layer(5000))).toList());
        dev = images.index(List.of(devAmd64,
                images.image(ARM64, Stream.concat(arm64.stream(), Stream.of(images.layer(5000))).toList())));
        images.sbom(runtimeAmd64, MediaTypes.SPDX_JSON, "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"runtime\"}");
        images.sbom(devAmd64, MediaTypes.SPDX_JSON, "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"dev\"}");
        layout.tag("demo:1", runtime);
        layout.tag("demo:1-dev", dev);
        Files.createDirectories(work.resolve("catalog"));
        Files.writeString(work.resolve("catalog/demo.yaml"), """
                name: demo
                version: "1"
                distro: debian-13
                archs: [amd64, arm64]
                runtime:
                  packages: [base-files]
                dev:
                  packages: [apt]
                """);
    }

    /** The command line with no registry credentials anywhere but in {@code extra}. */
    private static Cli cli(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"),
                "DISTILL_CACHE", dir.resolve("cache").toString(), "DOCKER_CONFIG", dir.resolve("no-docker").toString()));
        env.putAll(extra);
        return new Cli(work, env);
    }

    private static Cli.Result distill(String... args) {
        return cli(Map.of()).run(args);
    }

    private static String at(String repositoryAndTag) {
        return proxy.address() + "/" + repositoryAndTag;
    }

    private static Set<Digest> blobsOf(Descriptor index) {
        return TestImages.blobsUnder(layout, index);
    }

    private static JsonNode json(String text) throws IOException {
        return OciJson.mapper().readTree(text);
    }

    @Test
    void pushingThePairStoresEachImageUnderItsOwnTagAndTheDevImageUploadsOnlyWhatIsNotInTheRuntimeImage()
            throws IOException {
        proxy.clear();
        Cli.Result push = distill("push", "demo", at("demo"), "--json");

        assertThat(push.exitCode()).as(push.toString()).isZero();
        assertThat(push.err()).as("no progress without a terminal").isEmpty();
        JsonNode pushed = json(push.out()).path("pushed");
        assertThat(pushed).hasSize(2);
        Set<Digest> devOnly = new LinkedHashSet<>(blobsOf(dev));
        devOnly.removeAll(blobsOf(runtime));
        assertThat(pushed.get(0).path("image").asText()).isEqualTo("demo:1");
        assertThat(pushed.get(0).path("reference").asText()).isEqualTo(at("demo:1"));
        assertThat(pushed.get(0).path("digest").asText()).isEqualTo(runtime.digest().toString());
        assertThat(pushed.get(0).path("artifacts").asInt()).isEqualTo(1);
        assertThat(pushed.get(0).path("blobs").path("uploaded").asInt()).isEqualTo(blobsOf(runtime).size());
        assertThat(pushed.get(1).path("reference").asText()).isEqualTo(at("demo:1-dev"));
        assertThat(pushed.get(1).path("digest").asText()).isEqualTo(dev.digest().toString());
        assertThat(pushed.get(1).path("blobs").path("uploaded").asInt()).isEqualTo(devOnly.size());
        assertThat(pushed.get(1).path("blobs").path("skipped").asInt())
                .isEqualTo(blobsOf(dev).size() - devOnly.size());

        List<String> uploads = proxy.completedUploads();
        int runtimeTagged = indexOfTagPut("/v2/demo/manifests/1");
        List<String> afterRuntime = proxy.seen().subList(runtimeTagged, proxy.seen().size()).stream()
                .filter(CountingProxy.Seen::completesUpload).map(s -> s.query().get("digest")).toList();
        assertThat(afterRuntime).containsExactlyInAnyOrderElementsOf(devOnly.stream().map(Digest::toString).toList());
        assertThat(uploads).doesNotHaveDuplicates();
        assertThat(Digest.sha256(Skopeo.rawManifest(registry.address() + "/demo:1"))).isEqualTo(runtime.digest());
        assertThat(Digest.sha256(Skopeo.rawManifest(registry.address() + "/demo:1-dev"))).isEqualTo(dev.digest());
    }

    private static int indexOfTagPut(String path) {
        List<CountingProxy.Seen> seen = proxy.seen();
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).method().equals("PUT") && seen.get(i).path().equals(path)) {
                return i;
            }
        }
        throw new AssertionError("no PUT " + path + " in " + seen);
    }

    @Test
    void aLaterDestinationMountsWhatAnEarlierOneOfTheSameCommandReceived() {
        proxy.clear();
        Cli.Result push = distill("push", "demo:1", at("copies/first"), at("copies/second:stable"));

        assertThat(push.exitCode()).as(push.toString()).isZero();
        int blobs = blobsOf(runtime).size();
        assertThat(push.out().lines().toList()).containsExactly(
                "pushed " + at("copies/first:1") + " " + runtime.digest() + ": blobs: " + blobs
                        + " uploaded (0.0 MB), 0 mounted, 0 already there; artifacts: 1",
                "pushed " + at("copies/second:stable") + " " + runtime.digest()
                        + ": blobs: 0 uploaded (0.0 MB), " + blobs + " mounted, 0 already there; artifacts: 1");
        assertThat(proxy.requests("POST", "/v2/copies/second/blobs/uploads/"))
                .hasSize(blobs).allMatch(m -> m.status() == 201 && "copies/first".equals(m.query().get("from")));
        assertThat(Digest.sha256(Skopeo.rawManifest(registry.address() + "/copies/second:stable")))
                .isEqualTo(runtime.digest());
    }

    @Test
    void aTaggedDestinationTakesOneImageAndUnknownNamesAreErrors() {
        Cli.Result pair = distill("push", "demo", at("demo:stable"));
        assertThat(pair.exitCode()).isEqualTo(2);
        assertThat(pair.err()).isEqualTo("distill: demo:1 and demo:1-dev would both be pushed to "
                + at("demo:stable") + ": give the destination without a tag so each image keeps its own, or push "
                + "them one at a time\n");

        Cli.Result build = distill("build", "demo", "--push", at("demo:stable"));
        assertThat(build.exitCode()).as("refused before building").isEqualTo(2);
        assertThat(build.err()).isEqualTo("distill: --push " + at("demo:stable") + ": give HOST[:PORT]/REPO "
                + "without a tag; demo:1 and demo:1-dev each keep their own\n");

        Cli.Result unknown = distill("push", "demo:9", at("demo"));
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("distill: no image named demo:9 in ").contains("demo:1, demo:1-dev");

        Cli.Result noHost = distill("push", "demo:1", "demo:1");
        assertThat(noHost.exitCode()).isEqualTo(1);
        assertThat(noHost.err()).contains("image reference 'demo:1' names no registry host");
    }

    @Test
    void pullNamesTheImageAfterTheRepositoryOrAsToldAndSkipsWhatTheLayoutHas() throws IOException {
        assertThat(distill("push", "demo:1-dev", at("pulls/demo")).exitCode()).isZero();

        Cli.Result pull = distill("pull", at("pulls/demo:1-dev"), "--layout", "pulled");

        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        OciLayout pulled = OciLayout.open(work.resolve("pulled"));
        Descriptor top = pulled.resolve("demo:1-dev");
        assertThat(top.digest()).isEqualTo(dev.digest());
        assertThat(TestImages.digestsUnder(pulled, top)).isEqualTo(TestImages.digestsUnder(layout, dev));
        assertThat(LayoutReferrers.of(pulled, top)).extracting(Descriptor::digest)
                .isEqualTo(LayoutReferrers.of(layout, dev).stream().map(Descriptor::digest).toList());
        assertThat(pull.out()).startsWith("pulled " + at("pulls/demo:1-dev") + " as demo:1-dev " + dev.digest()
                + ": blobs: " + blobsOf(dev).size() + " downloaded (0.0 MB), 0 already there; artifacts: 1");

        Cli.Result again = distill("pull", at("pulls/demo:1-dev"), "--layout", "pulled", "--as", "mine", "--json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode result = json(again.out()).path("pulled");
        assertThat(result.path("name").asText()).isEqualTo("mine:latest");
        assertThat(result.path("digest").asText()).isEqualTo(dev.digest().toString());
        assertThat(result.path("blobs").path("downloaded").asInt()).isZero();
        assertThat(result.path("blobs").path("skipped").asInt()).isEqualTo(blobsOf(dev).size());
        assertThat(pulled.refNames()).containsExactly("demo:1-dev", "mine:latest");
    }

    @Test
    void pullingAnUnknownRepositoryNamesItAndTagsNothing() {
        Cli.Result pull = distill("pull", at("nobody/here:1"), "--layout", "unknown");

        assertThat(pull.exitCode()).isEqualTo(1);
        assertThat(pull.err()).isEqualTo("distill: image " + at("nobody/here:1") + " not found: the registry has "
                + "no such repository, tag or digest\n");
        assertThat(OciLayout.open(work.resolve("unknown")).refNames()).isEmpty();
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestFailsThePullWithCode3AndTagsNothing() throws IOException {
        OciLayout own = OciLayout.openOrCreate(dir.resolve("corrupt-source"));
        TestImages images = new TestImages(own, 12);
        TestImages.Layer layer = images.layer(6000);
        own.tag("corrupt:1", images.image(AMD64, List.of(layer)));
        assertThat(distill("push", "corrupt:1", at("corrupt"), "--layout", own.root().toString()).exitCode())
                .isZero();
        try (RandomAccessFile data = new RandomAccessFile(registry.blobData(layer.blob().digest()).toFile(), "rw")) {
            data.seek(100);
            data.write("corrupted".getBytes(StandardCharsets.US_ASCII));
        }

        Cli.Result pull = distill("pull", at("corrupt:1"), "--layout", "corrupt");

        assertThat(pull.exitCode()).isEqualTo(3);
        assertThat(pull.err()).startsWith("distill: blob " + layer.blob().digest() + " from registry "
                + at("corrupt") + " failed verification: received content with digest sha256:")
                .endsWith("; nothing was stored\n");
        OciLayout corrupt = OciLayout.open(work.resolve("corrupt"));
        assertThat(corrupt.refNames()).isEmpty();
        assertThat(corrupt.has(layer.blob().digest())).isFalse();
        try (Stream<Path> files = Files.list(corrupt.root().resolve("blobs/sha256"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void basicAuthTakesCredentialsFromTheEnvironmentOrStandardInputAndRefusesWrongOnesClearly() throws IOException {
        try (RegistryProcess secured = RegistryProcess.withBasicAuth(dir.resolve("secured"), "alice", "s3cret")) {
            String target = secured.address() + "/private/demo";

            Cli.Result wrong = cli(Map.of(CredentialResolver.USER_VARIABLE, "alice",
                    CredentialResolver.PASSWORD_VARIABLE, "wrong")).run("push", "demo:1", target);
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err()).isEqualTo("distill: registry " + secured.address()
                    + " rejected the credentials of user 'alice' (HTTP 401)\n");

            Cli.Result anonymous = distill("pull", target + ":1", "--layout", "anonymous");
            assertThat(anonymous.exitCode()).isEqualTo(1);
            assertThat(anonymous.err()).startsWith("distill: registry " + secured.address() + " requires credentials")
                    .contains(CredentialResolver.USER_VARIABLE);

            Cli.Result right = cli(Map.of(CredentialResolver.USER_VARIABLE, "alice",
                    CredentialResolver.PASSWORD_VARIABLE, "s3cret")).run("push", "demo:1", target);
            assertThat(right.exitCode()).as(right.toString()).isZero();
            assertThat(Digest.sha256(Skopeo.rawManifest(target + ":1", "--creds", "alice:s3cret")))
                    .isEqualTo(runtime.digest());

            Cli.Result stdin = cli(Map.of()).runWithInput("s3cret\n", "pull", target + ":1", "--layout", "secured",
                    "--username", "alice", "--password-stdin");
            assertThat(stdin.exitCode()).as(stdin.toString()).isZero();
            assertThat(OciLayout.open(work.resolve("secured")).resolve("demo:1").digest()).isEqualTo(runtime.digest());

            Cli.Result noPassword = distill("pull", target + ":1", "--layout", "secured", "--username", "alice");
            assertThat(noPassword.exitCode()).isEqualTo(2);
            assertThat(noPassword.err()).startsWith("distill: --username needs --password-stdin");
        }
    }
}
