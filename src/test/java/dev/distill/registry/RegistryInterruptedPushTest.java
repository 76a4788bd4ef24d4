package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.testing.HostTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Chunked uploads of large blobs while the registry process is killed and restarted on the same storage. */
class RegistryInterruptedPushTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /** Kills the registry once the upload of {@code blob} has sent {@code after} bytes, running {@code then}. */
    private static TransferListener crashing(Descriptor blob, long after, Runnable crash) {
        AtomicBoolean crashed = new AtomicBoolean();
        return new TransferListener() {
            @Override
            public void progress(Descriptor transferred, long bytes) {
                if (transferred.digest().equals(blob.digest()) && bytes >= after && crashed.compareAndSet(false, true)) {
                    crash.run();
                }
            }
        };
    }

    private Registries registries(int chunkSize, RetryPolicy retry) {
        return new Registries(new CredentialResolver(null, Map.of(), dir.resolve("home")),
                RegistryOptions.defaults().withChunking(chunkSize, chunkSize).withRetry(retry));
    }

    @Test
    void aPushCutByARegistryCrashFailsClearlyAndCompletesAfterTheRestartUploadingEachBlobOnce() throws IOException {
        HostTools.require("docker-registry", "skopeo");
        try (CountingProxy proxy = new CountingProxy();
             RegistryProcess registry = new RegistryProcess(dir.resolve("registry"), "", proxy.address())) {
            proxy.forwardTo(registry.port());
            TestImages images = new TestImages(OciLayout.openOrCreate(dir.resolve("layout")), 11);
            TestImages.Layer small = images.layer(5000);
            TestImages.Layer big = images.uncompressedLayer(64 * MIB);
            Descriptor manifest = images.image(Platform.ofDebianArch("amd64"), List.of(small, big));
            ImageReference target = ImageReference.parse(proxy.address() + "/distill/big:1");
            PushRequest request = PushRequest.of(images.layout(), manifest, target, List.of());
            Registries registries = registries(8 * MIB,
                    new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1)));

            assertThatThrownBy(() -> new ImagePush(registries).push(request,
                    crashing(big.blob(), 24L * MIB, registry::kill)))
                    .isInstanceOf(DistillException.class)
                    .hasMessageContaining("upload of blob " + big.blob().digest())
                    .hasMessageContaining(proxy.address() + "/distill/big")
                    .hasMessageContaining("failed after 3 attempts");
            assertThat(proxy.completedUploads()).doesNotContain(big.blob().digest().toString());

            registry.start();
            RecordingListener events = new RecordingListener();
            new ImagePush(registries).push(request, events);

            List<String> uploads = proxy.completedUploads();
            assertThat(uploads).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                    small.blob().digest().toString(), big.blob().digest().toString(),
                    configDigest(images, manifest).toString());
            assertThat(events.digests("skipped")).containsExactlyInAnyOrder(
                    small.blob().digest(), configDigest(images, manifest));
            assertThat(Digest.sha256(Skopeo.rawManifest(registry.address() + "/distill/big:1")))
                    .isEqualTo(manifest.digest());

            OciLayout pulled = OciLayout.openOrCreate(dir.resolve("pulled"));
            new ImagePull(registries).pull(target, pulled, "big", TransferListener.NONE);
            for (Digest digest : TestImages.digestsUnder(images.layout(), manifest)) {
                assertThat(Files.mismatch(pulled.blobPath(digest), images.layout().blobPath(digest))).isEqualTo(-1);
            }
        }
    }

    @Test
    void aRegistryRestartedDuringAChunkedUploadIsRetriedWithANewSessionFromTheFirstByte() {
        HostTools.require("docker-registry");
        try (CountingProxy proxy = new CountingProxy();
             RegistryProcess registry = new RegistryProcess(dir.resolve("registry"), "", proxy.address())) {
            proxy.forwardTo(registry.port());
            TestImages images = new TestImages(OciLayout.openOrCreate(dir.resolve("layout")), 12);
            TestImages.Layer big = images.uncompressedLayer(16 * MIB);
            Descriptor manifest = images.image(Platform.ofDebianArch("amd64"), List.of(big));
            ImageReference target = ImageReference.parse(proxy.address() + "/distill/restart:1");
            Registries registries = registries(4 * MIB,
                    new RetryPolicy(6, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2)));
            AtomicReference<Thread> restart = new AtomicReference<>();

            new ImagePush(registries).push(PushRequest.of(images.layout(), manifest, target, List.of()),
                    crashing(big.blob(), 6L * MIB, () -> {
                        registry.kill();
                        Thread thread = new Thread(registry::start);
                        thread.start();
                        restart.set(thread);
                    }));

            String digest = big.blob().digest().toString();
            assertThat(proxy.completedUploads()).containsOnlyOnce(digest);
            List<CountingProxy.Seen> seen = proxy.seen();
            int failed = indexOf(seen, s -> s.status() == -1);
            assertThat(failed).as("a request cut by the crash").isNotNegative();
            List<CountingProxy.Seen> after = seen.subList(failed + 1, seen.size());
            int check = indexOf(after, s -> s.method().equals("HEAD") && s.path().endsWith(digest) && s.status() == 404);
            int session = indexOf(after, s -> s.method().equals("POST") && s.status() == 202);
            int firstChunk = indexOf(after, s -> s.method().equals("PATCH") && s.status() == 202);
            assertThat(check).as("a check whether the blob landed").isNotNegative();
            assertThat(session).as("a new upload session after the check").isGreaterThan(check);
            assertThat(firstChunk).isGreaterThan(session);
            assertThat(after.get(firstChunk).contentRange()).isEqualTo("0-" + (4 * MIB - 1));
            assertThat(after.get(firstChunk).contentLength()).isEqualTo(4 * MIB);
            assertThat(registries.repository(target, false).hasBlob(big.blob().digest())).isTrue();
            assertThat(restart.get()).isNotNull();
        }
    }

    private static int indexOf(List<CountingProxy.Seen> seen, Predicate<CountingProxy.Seen> test) {
        for (int i = 0; i < seen.size(); i++) {
            if (test.test(seen.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Digest configDigest(TestImages images, Descriptor manifest) {
        return ImageReader.manifestImage(images.layout(), manifest, "test").manifest().config().digest();
    }
}
