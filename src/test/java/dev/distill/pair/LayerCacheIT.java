package dev.distill.pair;

import dev.distill.debian.Mirrors;
import dev.distill.fetch.Cache;
import dev.distill.fetch.Fetcher;
import dev.distill.fetch.ProgressListener;
import dev.distill.lock.Lock;
import dev.distill.lock.LockFile;
import dev.distill.lock.LockedFetch;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Layer;
import dev.distill.oci.OciLayout;
import dev.distill.spec.Catalog;
import dev.distill.spec.ImageSpec;
import dev.distill.testing.BuiltPairs;
import dev.distill.testing.DebianMirror;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Layers built once are not built again, and the dev side never reads the runtime side's layers back. */
class LayerCacheIT {
    private static final ImageSpec PYTHON = new Catalog(Path.of(".")).find("python").spec();

    /** Counts compressed layers and layers taken from the cache. */
    private static final class Counting implements PairBuildListener {
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger reused = new AtomicInteger();

        @Override
        public void layerWritten(String arch, String group, Layer layer) {
            written.incrementAndGet();
        }

        @Override
        public void layerReused(String arch, String group, Layer layer) {
            reused.incrementAndGet();
        }
    }

    private static PairResult build(Path cacheDir, Path out, boolean runtimeOnly, Counting counting) {
        Cache cache = new Cache(cacheDir);
        Mirrors mirrors = DebianMirror.mirrors();
        PairBuildOptions defaults = PairBuildOptions.defaults();
        PairBuildOptions options = new PairBuildOptions(defaults.compression(), null, defaults.threads(), defaults.runtimeLayers(),
                defaults.devLayers(), runtimeOnly, true);
        Lock lock = LockFile.read(BuiltPairs.python().lockFile());
        try (Fetcher fetcher = new Fetcher(cache, ProgressListener.NONE)) {
            return new PairBuilder(new LockedFetch(fetcher, mirrors), mirrors, options, counting, cache)
                    .build(PYTHON, lock, List.of("amd64"), OciLayout.openOrCreate(out));
        }
    }

    @Test
    void aNoOpRebuildCompressesNothingAndGivesTheSameImages() {
        BuiltPairs.Built python = BuiltPairs.python();
        Path work = BuiltPairs.itDir().resolve("layer-cache");
        Processes.run("rm", "-rf", work.toString());
        Counting first = new Counting();
        PairResult before = build(python.cache(), work.resolve("first"), false, first);
        Counting second = new Counting();
        PairResult again = build(python.cache(), work.resolve("second"), false, second);
        assertThat(second.written.get()).as("layers compressed by the no-op rebuild").isZero();
        assertThat(second.reused.get()).isEqualTo(first.written.get() + first.reused.get());
        assertThat(again.runtimeIndex().digest()).isEqualTo(before.runtimeIndex().digest());
        assertThat(again.devIndex().digest()).isEqualTo(before.devIndex().digest());
    }

    @Test
    void theDevSideReadsNoRuntimeLayerBack() throws IOException {
        Path work = BuiltPairs.itDir().resolve("dev-reads-nothing");
        Processes.run("rm", "-rf", work.toString());
        Path cache = Files.createDirectories(work.resolve("cache"));
        assertThat(Processes.run("cp", "-al", BuiltPairs.python().cache().resolve("sha256").toString(),
                cache.resolve("sha256").toString()).exitCode()).isZero();
        Counting runtimeOnly = new Counting();
        PairResult runtime = build(cache, work.resolve("runtime"), true, runtimeOnly);
        List<Descriptor> runtimeLayers = runtime.archs().get(0).runtime().layers();
        assertThat(runtimeOnly.written.get()).isEqualTo(runtimeLayers.size());
        // replace every cached runtime layer with garbage of the same size: reading one back would fail the build
        for (Descriptor layer : runtimeLayers) {
            Path blob = cache.resolve("sha256").resolve(layer.digest().hex());
            Files.delete(blob);
            Files.write(blob, new byte[(int) layer.size()]);
        }
        Counting pair = new Counting();
        PairResult built = build(cache, work.resolve("pair"), false, pair);
        ArchImages amd64 = built.archs().get(0);
        assertThat(pair.reused.get()).isEqualTo(runtimeLayers.size());
        assertThat(amd64.dev().layers().subList(0, runtimeLayers.size())).isEqualTo(runtimeLayers);
        assertThat(amd64.dev().layers().size()).isGreaterThan(runtimeLayers.size());
        Path copied = OciLayout.open(work.resolve("pair")).blobPath(runtimeLayers.get(1).digest());
        assertThat(Files.readAllBytes(copied)).containsOnly((byte) 0);
    }
}
