package dev.distill.pair;

import dev.distill.oci.Compression;

/**
 * How a pair is built.
 *
 * @param compression      layer compression
 * @param sourceDateEpoch  SOURCE_DATE_EPOCH: the time of generated files and the clamp for package files; null to
 *                         use the newest suite date of the lock (packages then keep their own times)
 * @param threads          worker threads for layers (results do not depend on it)
 * @param runtimeLayers    the runtime side's package layer budget
 * @param devLayers        the dev side's package layer budget
 * @param runtimeOnly      build the runtime image only
 * @param reuseLayers      take layers built before from the cache (they are stored either way)
 */
public record PairBuildOptions(Compression compression, Long sourceDateEpoch, int threads, int runtimeLayers, int devLayers,
                           boolean runtimeOnly, boolean reuseLayers) {
    public static final int DEFAULT_RUNTIME_LAYERS = 6;
    public static final int DEFAULT_DEV_LAYERS = 8;

    public static PairBuildOptions defaults() {
        return new PairBuildOptions(Compression.GZIP, null, Runtime.getRuntime().availableProcessors(),
                DEFAULT_RUNTIME_LAYERS, DEFAULT_DEV_LAYERS, false, true);
    }
}
