package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Image;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.ImageReader;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Push and pull against Debian's docker-registry (no authentication), seen through a counting proxy. */
class RegistryPushPullTest {
    private static final Platform AMD64 = Platform.ofDebianArch("amd64");
    private static final Platform ARM64 = Platform.ofDebianArch("arm64");

    @TempDir
    static Path dir;
    @AutoClose
    static ProxiedRegistry served;
    static CountingProxy proxy;
    static RegistryProcess registry;
    static Registries registries;

    @BeforeAll
    static void startRegistry() {
        HostTools.require("docker-registry", "skopeo");
        served = new ProxiedRegistry(dir.resolve("registry"));
        proxy = served.proxy();
        registry = served.registry();
        registries = new Registries(new CredentialResolver(null, Map.of(), dir.resolve("home")), testOptions());
    }

    static RegistryOptions testOptions() {
        return RegistryOptions.defaults().withRetry(
                new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5)));
    }

    private static OciLayout layout(String name) {
        return OciLayout.openOrCreate(dir.resolve(name));
    }

    private static ImageReference at(String repositoryAndTag) {
        return ImageReference.parse(proxy.address() + "/" + repositoryAndTag);
    }

    @Test
    void pushesTwoPlatformImageWithSbomsThatSkopeoReadsAndPullsBackIdentically() {
        TestImages images = new TestImages(layout("multi"), 1);
        Descriptor amd64 = images.image(AMD64, List.of(images.layer(3000), images.layer(2000)));
        Descriptor arm64 = images.image(ARM64, List.of(images.layer(3000), images.layer(2500)));
        Descriptor index = images.index(List.of(amd64, arm64));
        images.layout().tag("runtime", index);
        Descriptor spdx = images.sbom(amd64, MediaTypes.SPDX_JSON, "{\"spdxVersion\":\"SPDX-2.3\"}");
        Descriptor cyclonedx = images.sbom(amd64, MediaTypes.CYCLONEDX_JSON, "{\"bomFormat\":\"CycloneDX\"}");
        Descriptor armSpdx = images.sbom(arm64, MediaTypes.SPDX_JSON, "{\"spdxVersion\":\"SPDX-2.3\",\"n\":2}");

        PushRequest request = PushRequest.fromLayout(images.layout(), "runtime", at("distill/runtime:1"),
                List.of("1", "latest"));
        assertThat(request.referrers()).extracting(Descriptor::digest)
                .containsExactlyInAnyOrder(spdx.digest(), cyclonedx.digest(), armSpdx.digest());
        Descriptor pushed = new ImagePush(registries).push(request, TransferListener.NONE);

        assertThat(pushed.digest()).isEqualTo(index.digest());
        for (String tag : List.of("1", "latest")) {
            byte[] raw = Skopeo.rawManifest(registry.address() + "/distill/runtime:" + tag);
            assertThat(Digest.sha256(raw)).isEqualTo(index.digest());
        }
        ImageIndex amd64Referrers = OciJson.read(Skopeo.rawManifest(registry.address() + "/distill/runtime:sha256-"
                + amd64.digest().hex()), ImageIndex.class, "referrers");
        assertThat(amd64Referrers.manifests()).extracting(Descriptor::digest, Descriptor::artifactType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(spdx.digest(), MediaTypes.SPDX_JSON),
                        org.assertj.core.groups.Tuple.tuple(cyclonedx.digest(), MediaTypes.CYCLONEDX_JSON));

        OciLayout pulled = layout("multi-pulled");
        Descriptor top = new ImagePull(registries).pull(at("distill/runtime:1"), pulled, "runtime:1",
                TransferListener.NONE);
        assertThat(top).isEqualTo(Descriptor.of(MediaTypes.OCI_INDEX, index.digest(), index.size()));
        assertThat(pulled.resolve("runtime:1").digest()).isEqualTo(index.digest());
        List<Digest> expected = TestImages.digestsUnder(images.layout(), index);
        assertThat(TestImages.digestsUnder(pulled, top)).isEqualTo(expected);
        for (Digest digest : expected) {
            assertThat(pulled.read(digest)).isEqualTo(images.layout().read(digest));
        }
        assertThat(LayoutReferrers.of(pulled, top)).extracting(Descriptor::digest)
                .containsExactlyInAnyOrder(spdx.digest(), cyclonedx.digest(), armSpdx.digest());
        assertThat(LayoutReferrers.of(pulled, top)).allMatch(d -> d.refName() == null && d.artifactType() != null);
    }

    @Test
    void readsAnImageStraightFromTheRegistryAsABlobSource() {
        TestImages images = new TestImages(layout("source"), 2);
        Descriptor index = images.index(List.of(
                images.image(AMD64, List.of(images.layer(1000))),
                images.image(ARM64, List.of(images.layer(1200)))));
        new ImagePush(registries).push(PushRequest.of(images.layout(), index, at("distill/source:2"), List.of()),
                TransferListener.NONE);

        RegistryBlobSource source = new RegistryBlobSource(registries.repository(at("distill/source:2"), false));
        Descriptor top = source.resolve("2");
        List<Image> read = ImageReader.images(source, top, "distill/source:2");

        assertThat(top.digest()).isEqualTo(index.digest());
        assertThat(read).extracting(Image::platform).containsExactly(AMD64, ARM64);
        Digest layer = read.get(0).layers().get(0).digest();
        assertThat(source.read(layer)).isEqualTo(images.layout().read(layer));
    }

    @Test
    void devImageSharingTheRuntimeLayersUploadsOnlyItsOwnAndAnotherRepositoryMountsThem() {
        TestImages images = new TestImages(layout("pair"), 3);
        TestImages.Layer base = images.layer(4000);
        TestImages.Layer app = images.layer(3000);
        TestImages.Layer armBase = images.layer(4000);
        TestImages.Layer armApp = images.layer(3000);
        TestImages.Layer tools = images.layer(5000);
        TestImages.Layer armTools = images.layer(5000);
        Descriptor runtime = images.index(List.of(
                images.image(AMD64, List.of(base, app)), images.image(ARM64, List.of(armBase, armApp))));
        Descriptor devAmd64 = images.image(AMD64, List.of(base, app, tools));
        Descriptor devArm64 = images.image(ARM64, List.of(armBase, armApp, armTools));
        Descriptor dev = images.index(List.of(devAmd64, devArm64));
        ImagePush push = new ImagePush(registries);

        push.push(PushRequest.of(images.layout(), runtime, at("distill/pair:1"), List.of()), TransferListener.NONE);
        proxy.clear();
        RecordingListener devEvents = new RecordingListener();
        push.push(PushRequest.of(images.layout(), dev, at("distill/pair:1-dev"), List.of()), devEvents);

        List<String> devOnly = Stream.of(tools.blob().digest(), armTools.blob().digest(),
                configOf(images.layout(), devAmd64), configOf(images.layout(), devArm64)).map(Digest::toString).toList();
        assertThat(proxy.completedUploads()).containsExactlyInAnyOrderElementsOf(devOnly);
        assertThat(proxy.requests("PUT", "/blobs/uploads/")).as("monolithic uploads declare their length")
                .allMatch(put -> put.contentLength() == images.layout().blobPath(Digest.parse(put.query().get("digest")))
                        .toFile().length());
        assertThat(proxy.requests("PATCH", "/blobs/uploads/")).isEmpty();
        assertThat(devEvents.digests("skipped")).containsExactlyInAnyOrder(
                base.blob().digest(), app.blob().digest(), armBase.blob().digest(), armApp.blob().digest());

        proxy.clear();
        RecordingListener mountEvents = new RecordingListener();
        push.push(PushRequest.of(images.layout(), dev, at("distill/other:1-dev"), List.of())
                .withMountFrom(List.of("distill/pair")), mountEvents);

        assertThat(proxy.completedUploads()).isEmpty();
        assertThat(proxy.requests("PATCH", "/blobs/uploads/")).isEmpty();
        List<CountingProxy.Seen> mounts = proxy.requests("POST", "/v2/distill/other/blobs/uploads/");
        assertThat(mounts).hasSize(8).allMatch(m -> m.status() == 201 && m.query().get("from").equals("distill/pair"));
        assertThat(mountEvents.digests("mounted")).hasSize(8);
        assertThat(Digest.sha256(Skopeo.rawManifest(registry.address() + "/distill/other:1-dev")))
                .isEqualTo(dev.digest());
    }

    private static Digest configOf(OciLayout layout, Descriptor manifest) {
        return ImageReader.manifestImage(layout, manifest, "test").manifest().config().digest();
    }

    @Test
    void retriesServerErrorsAndHonoursRetryAfter() {
        TestImages images = new TestImages(layout("retry"), 4);
        Descriptor manifest = images.image(AMD64, List.of(images.layer(2000)));
        proxy.clear();
        proxy.inject(new CountingProxy.Fault("POST", "/v2/distill/retry/blobs/uploads/", 429, "1"));
        proxy.inject(new CountingProxy.Fault("PUT", "/v2/distill/retry/manifests/", 503, null));
        proxy.inject(new CountingProxy.Fault("HEAD", "/v2/distill/retry/blobs/", 500, null));

        long start = System.nanoTime();
        new ImagePush(registries).push(PushRequest.of(images.layout(), manifest, at("distill/retry:1"), List.of()),
                TransferListener.NONE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        List<CountingProxy.Seen> posts = proxy.requests("POST", "/v2/distill/retry/blobs/uploads/");
        assertThat(posts.get(0).status()).isEqualTo(429);
        assertThat(posts.get(1).status()).isEqualTo(202);
        List<CountingProxy.Seen> puts = proxy.requests("PUT", "/v2/distill/retry/manifests/");
        assertThat(puts).extracting(CountingProxy.Seen::status).containsExactly(503, 201, 201);
        assertThat(Digest.sha256(Skopeo.rawManifest(registry.address() + "/distill/retry:1")))
                .isEqualTo(manifest.digest());
    }

    @Test
    void pullsDockerSchema2ManifestsWithTheirBytesUntouched() throws IOException {
        OciLayout source = layout("docker");
        Descriptor config = source.writeBlob(MediaTypes.DOCKER_CONFIG,
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                        .getBytes(StandardCharsets.UTF_8));
        Descriptor layer = new TestImages(source, 5).layer(1500).blob();
        String manifestJson = """
                {
                   "schemaVersion": 2,
                   "mediaType": "%s",
                   "config": {"mediaType": "%s", "size": %d, "digest": "%s"},
                   "layers": [
                      {"mediaType": "%s", "size": %d, "digest": "%s"}
                   ]
                }
                """.formatted(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG, config.size(), config.digest(),
                MediaTypes.DOCKER_LAYER_GZIP, layer.size(), layer.digest());
        Descriptor manifest = source.writeBlob(MediaTypes.DOCKER_MANIFEST, manifestJson.getBytes(StandardCharsets.UTF_8));
        new ImagePush(registries).push(PushRequest.of(source, manifest, at("distill/docker:1"), List.of()),
                TransferListener.NONE);

        OciLayout pulled = layout("docker-pulled");
        Descriptor top = new ImagePull(registries).pull(at("distill/docker:1"), pulled, "docker", TransferListener.NONE);

        assertThat(top.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(top.digest()).isEqualTo(manifest.digest());
        assertThat(new String(pulled.read(top.digest()), StandardCharsets.UTF_8)).isEqualTo(manifestJson);
        assertThat(pulled.read(layer.digest())).isEqualTo(source.read(layer.digest()));
        assertThat(pulled.read(config.digest())).isEqualTo(source.read(config.digest()));
    }

    @Test
    void pullOfAMissingRepositoryOrTagNamesTheImage() {
        ImagePull pull = new ImagePull(registries);
        OciLayout into = layout("missing");

        assertThatThrownBy(() -> pull.pull(at("distill/nothing-here:1"), into, "x", TransferListener.NONE))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining(proxy.address() + "/distill/nothing-here:1")
                .hasMessageContaining("not found");
        TestImages images = new TestImages(layout("tagged"), 6);
        Descriptor manifest = images.image(AMD64, List.of(images.layer(100)));
        new ImagePush(registries).push(PushRequest.of(images.layout(), manifest, at("distill/tagged:1"), List.of()),
                TransferListener.NONE);
        assertThatThrownBy(() -> pull.pull(at("distill/tagged:2"), into, "x", TransferListener.NONE))
                .isInstanceOf(DistillException.class)
                .hasMessageContaining("distill/tagged:2")
                .hasMessageContaining("not found");
        assertThat(into.refNames()).isEmpty();
    }

    @Test
    void aTamperedBlobFailsThePullAndIsNotStored() throws IOException {
        TestImages images = new TestImages(layout("tamper"), 7);
        TestImages.Layer good = images.layer(2000);
        TestImages.Layer bad = images.layer(2000);
        Descriptor manifest = images.image(AMD64, List.of(good, bad));
        new ImagePush(registries).push(PushRequest.of(images.layout(), manifest, at("distill/tamper:1"), List.of()),
                TransferListener.NONE);
        Path stored = registry.blobData(bad.blob().digest());
        byte[] corrupted = Files.readAllBytes(stored);
        corrupted[corrupted.length / 2] ^= 0x5a;
        Files.write(stored, corrupted);

        OciLayout into = layout("tamper-pulled");
        assertThatThrownBy(() -> new ImagePull(registries).pull(at("distill/tamper:1"), into, "tamper",
                TransferListener.NONE))
                .isInstanceOfSatisfying(DistillException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED))
                .hasMessageContaining(bad.blob().digest().toString())
                .hasMessageContaining(proxy.address() + "/distill/tamper")
                .hasMessageContaining("nothing was stored");
        assertThat(into.has(bad.blob().digest())).isFalse();
        assertThat(into.has(good.blob().digest())).isTrue();
        assertThat(into.refNames()).isEmpty();
        try (Stream<Path> files = Files.list(into.root().resolve("blobs/sha256"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void usesTheReferrersApiInsteadOfTheFallbackTagWhenTheRegistryOffersIt() {
        proxy.offerReferrersApi("distill/api");
        TestImages images = new TestImages(layout("api"), 8);
        Descriptor amd64 = images.image(AMD64, List.of(images.layer(1000)));
        Descriptor index = images.index(List.of(amd64, images.image(ARM64, List.of(images.layer(1000)))));
        images.layout().tag("api", index);
        Descriptor spdx = images.sbom(amd64, MediaTypes.SPDX_JSON, "{\"spdxVersion\":\"SPDX-2.3\"}");
        Descriptor cyclonedx = images.sbom(amd64, MediaTypes.CYCLONEDX_JSON, "{\"bomFormat\":\"CycloneDX\"}");
        proxy.clear();

        new ImagePush(registries).push(PushRequest.fromLayout(images.layout(), "api", at("distill/api:1"), List.of()),
                TransferListener.NONE);
        OciLayout pulled = layout("api-pulled");
        Descriptor top = new ImagePull(registries).pull(at("distill/api:1"), pulled, "api", TransferListener.NONE);

        assertThat(proxy.requests("PUT", "/manifests/sha256-")).isEmpty();
        assertThat(proxy.requests("GET", "/manifests/sha256-")).isEmpty();
        assertThat(proxy.requests("GET", "/v2/distill/api/referrers/")).hasSize(3)
                .allMatch(request -> request.status() == 200);
        assertThat(LayoutReferrers.of(pulled, top)).extracting(Descriptor::digest, Descriptor::artifactType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(spdx.digest(), MediaTypes.SPDX_JSON),
                        org.assertj.core.groups.Tuple.tuple(cyclonedx.digest(), MediaTypes.CYCLONEDX_JSON));
    }
}
