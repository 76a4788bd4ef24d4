package dev.distill.oci;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;

/** Lets the benchmarks compress with the block-parallel gzip stream; returns the compressed size. */
public final class ParallelGzipOutputStreamAccess {
    private ParallelGzipOutputStreamAccess() {
    }

    public static long compress(byte[] input, ExecutorService pool, int threads) throws IOException {
        long[] count = new long[1];
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try (var gzip = new ParallelGzipOutputStream(sink, Compression.GZIP_LEVEL, pool, threads)) {
            gzip.write(input);
        }
        return count[0];
    }
}
