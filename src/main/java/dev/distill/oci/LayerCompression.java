package dev.distill.oci;

import java.util.concurrent.ExecutorService;

/**
 * How layers are compressed: the algorithm, and the threads compression may use ({@code pool} null: the writing
 * thread). The bytes depend on the algorithm only.
 */
public record LayerCompression(Compression compression, ExecutorService pool, int threads) {
    public static LayerCompression inline(Compression compression) {
        return new LayerCompression(compression, null, 1);
    }
}
