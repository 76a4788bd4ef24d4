package dev.distill.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Cli;
import dev.distill.testing.HostTools;
import dev.distill.testing.Images;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The python pair from {@code ./distill build python} (amd64 + arm64), pushed with {@code distill push python} to
 * Debian's docker-registry behind a counting proxy, read back by skopeo and {@code distill pull}; and the
 * {@code --push} of {@code build-app} and {@code build}.
 */
class PythonPairRegistryIT {
    @TempDir
    static Path dir;
    static BuiltPairs.Built python;
    static OciLayout layout;
    @AutoClose
    static ProxiedRegistry served;
    static CountingProxy proxy;
    static RegistryProcess registry;
    static Cli.Result pairPush;
    static List<CountingProxy.Seen> pairPushRequests;

    @BeforeAll
    static void pushThePair() {
        HostTools.require("docker-registry", "skopeo");
        python = BuiltPairs.python();
        layout = OciLayout.open(python.layout());
        served = new ProxiedRegistry(dir.resolve("registry"));
        proxy = served.proxy();
        registry = served.registry();
        pairPush = cli(python.workDir()).run("push", "python", proxy.address() + "/python", "--json");
        pairPushRequests = proxy.seen();
    }

    private static Cli cli(Path workDir) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DISTILL_CACHE", python.cache().toString());
        env.put("DOCKER_CONFIG", dir.resolve("no-docker").toString());
        env.remove(CredentialResolver.USER_VARIABLE);
        env.remove(CredentialResolver.PASSWORD_VARIABLE);
        return new Cli(workDir, env);
    }

    private static Descriptor top(String name) {
        return layout.resolve(name);
    }

    @Test
    void skopeoSeesTheLayoutsDigestUnderEachTag() throws IOException {
        assertThat(pairPush.exitCode()).as(pairPush.toString()).isZero();
        JsonNode pushed = OciJson.mapper().readTree(pairPush.out()).path("pushed");
        assertThat(pushed).hasSize(2);
        List<String> names = List.of("python:3.13", "python:3.13-dev");
        for (int i = 0; i < names.size(); i++) {
            Digest expected = top(names.get(i)).digest();
            assertThat(Skopeo.digest(registry.address() + "/" + names.get(i))).isEqualTo(expected);
            assertThat(pushed.get(i).path("reference").asText()).isEqualTo(proxy.address() + "/" + names.get(i));
            assertThat(pushed.get(i).path("digest").asText()).isEqualTo(expected.toString());
            assertThat(pushed.get(i).path("artifacts").asInt()).as("SPDX and CycloneDX per architecture")
                    .isEqualTo(4);
        }
    }

    @Test
    void afterTheRuntimeImageTheDevImageUploadsOnlyWhatItAdds() throws IOException {
        Set<Digest> runtime = TestImages.blobsUnder(layout, top("python:3.13"));
        Set<Digest> devOnly = new LinkedHashSet<>(TestImages.blobsUnder(layout, top("python:3.13-dev")));
        devOnly.removeAll(runtime);
        int runtimeTagged = -1;
        for (int i = 0; i < pairPushRequests.size() && runtimeTagged < 0; i++) {
            CountingProxy.Seen seen = pairPushRequests.get(i);
            if (seen.method().equals("PUT") && seen.path().equals("/v2/python/manifests/3.13")) {
                runtimeTagged = i;
            }
        }
        assertThat(runtimeTagged).isPositive();

        assertThat(uploads(pairPushRequests.subList(0, runtimeTagged)))
                .containsExactlyInAnyOrderElementsOf(runtime);
        List<Digest> devUploads = uploads(pairPushRequests.subList(runtimeTagged, pairPushRequests.size()));
        assertThat(devUploads).containsExactlyInAnyOrderElementsOf(devOnly);
        for (String arch : List.of("amd64", "arm64")) {
            List<Descriptor> runtimeLayers = layers("python:3.13", arch);
            List<Descriptor> devLayers = layers("python:3.13-dev", arch);
            assertThat(devLayers.subList(0, runtimeLayers.size())).isEqualTo(runtimeLayers);
            assertThat(devUploads).as(arch + " dev layers")
                    .containsAll(devLayers.subList(runtimeLayers.size(), devLayers.size()).stream()
                            .map(Descriptor::digest).toList())
                    .doesNotContainAnyElementsOf(runtimeLayers.stream().map(Descriptor::digest).toList());
        }
        JsonNode dev = OciJson.mapper().readTree(pairPush.out()).path("pushed").get(1).path("blobs");
        assertThat(dev.path("uploaded").asInt()).isEqualTo(devOnly.size());
        assertThat(dev.path("mounted").asInt()).isZero();
    }

    private static List<Digest> uploads(List<CountingProxy.Seen> requests) {
        return requests.stream().filter(CountingProxy.Seen::completesUpload)
                .map(s -> Digest.parse(s.query().get("digest"))).toList();
    }

    private static List<Descriptor> layers(String name, String arch) {
        return Images.image(python.layout(), name, arch).layers();
    }

    @Test
    void theReferrersFallbackTagOfEachManifestListsItsSboms() {
        for (String name : List.of("python:3.13", "python:3.13-dev")) {
            List<Descriptor> artifacts = LayoutReferrers.of(layout, top(name));
            for (Descriptor manifest : OciJson.read(layout.read(top(name).digest()), ImageIndex.class, name)
                    .manifests()) {
                List<Digest> expected = artifacts.stream()
                        .filter(a -> OciJson.read(layout.read(a.digest()), Manifest.class, "artifact").subject()
                                .digest().equals(manifest.digest()))
                        .map(Descriptor::digest).toList();
                ImageIndex listed = OciJson.read(Skopeo.rawManifest(registry.address() + "/python:sha256-"
                        + manifest.digest().hex()), ImageIndex.class, "referrers of " + manifest.digest());

                assertThat(listed.manifests()).extracting(Descriptor::digest)
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(listed.manifests()).extracting(Descriptor::artifactType)
                        .containsExactlyInAnyOrder(MediaTypes.SPDX_JSON, MediaTypes.CYCLONEDX_JSON);
            }
        }
    }

    @Test
    void pullingBackGivesIdenticalContentAndTheDevImageDownloadsOnlyWhatItAdds() throws IOException {
        Path work = Files.createDirectories(dir.resolve("pull"));
        Cli.Result runtimePull = cli(work).run("pull", proxy.address() + "/python:3.13");
        Cli.Result devPull = cli(work).run("pull", proxy.address() + "/python:3.13-dev", "--json");

        assertThat(runtimePull.exitCode()).as(runtimePull.toString()).isZero();
        assertThat(devPull.exitCode()).as(devPull.toString()).isZero();
        OciLayout pulled = OciLayout.open(work.resolve("out"));
        for (String name : List.of("python:3.13", "python:3.13-dev")) {
            Descriptor top = pulled.resolve(name);
            assertThat(top.digest()).isEqualTo(top(name).digest());
            List<Digest> content = TestImages.digestsUnder(layout, top(name));
            assertThat(TestImages.digestsUnder(pulled, top)).isEqualTo(content);
            assertThat(LayoutReferrers.of(pulled, top)).extracting(Descriptor::digest)
                    .containsExactlyInAnyOrderElementsOf(LayoutReferrers.of(layout, top(name)).stream()
                            .map(Descriptor::digest).toList());
            for (Digest digest : content) {
                assertThat(Files.mismatch(pulled.blobPath(digest), layout.blobPath(digest))).as(digest.toString())
                        .isEqualTo(-1L);
            }
        }
        Set<Digest> devOnly = new LinkedHashSet<>(TestImages.blobsUnder(layout, top("python:3.13-dev")));
        devOnly.removeAll(TestImages.blobsUnder(layout, top("python:3.13")));
        assertThat(OciJson.mapper().readTree(devPull.out()).path("pulled").path("blobs").path("downloaded").asInt())
                .isEqualTo(devOnly.size());
    }

    @Test
    void buildAppPushesTheImageItBuiltAndTheRegistryAlreadyHasItsBaseLayers() throws IOException {
        Path work = Files.createDirectories(dir.resolve("app"));
        assertThat(cli(work).run("pull", proxy.address() + "/python:3.13").exitCode()).isZero();
        Files.writeString(work.resolve("hello.py"), "print('hello from a pushed image')\n");
        Files.writeString(work.resolve("Dockerfile"), """
                FROM python:3.13
                COPY hello.py /app/hello.py
                CMD ["/app/hello.py"]
                """);
        proxy.clear();

        Cli.Result build = cli(work).run("build-app", "-t", "hello:1", "--push", proxy.address() + "/python:hello",
                ".");

        assertThat(build.exitCode()).as(build.toString()).isZero();
        OciLayout built = OciLayout.open(work.resolve("out"));
        Digest digest = built.resolve("hello:1").digest();
        assertThat(build.out()).contains("pushed " + proxy.address() + "/python:hello " + digest + ": ");
        assertThat(Skopeo.digest(registry.address() + "/python:hello")).isEqualTo(digest);
        Manifest manifest = OciJson.read(built.read(digest), Manifest.class, "hello:1");
        List<Digest> layers = manifest.layers().stream().map(Descriptor::digest).toList();
        List<Digest> uploaded = uploads(proxy.seen());
        assertThat(uploaded).contains(manifest.config().digest(), layers.get(layers.size() - 1))
                .doesNotContainAnyElementsOf(layers.subList(0, layers.size() - 1));
    }

    @Test
    void buildWithPushStoresBothImagesOfThePair() throws IOException {
        Path work = Files.createDirectories(dir.resolve("static"));
        Cli.Result build = cli(work).run("build", "static", "--arch", "amd64", "-q", "--push",
                proxy.address() + "/static");

        assertThat(build.exitCode()).as(build.toString()).isZero();
        OciLayout built = OciLayout.open(work.resolve("out"));
        for (String name : List.of("static:13", "golang:1.24")) {
            Digest digest = built.resolve(name).digest();
            assertThat(build.out()).contains("pushed " + proxy.address() + "/" + name + " " + digest + ": ");
            assertThat(Skopeo.digest(registry.address() + "/" + name)).isEqualTo(digest);
        }
    }
}
