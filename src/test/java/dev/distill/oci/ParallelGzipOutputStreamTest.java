package dev.distill.oci;

import dev.distill.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelGzipOutputStreamTest {
    @TempDir
    Path dir;

    @Test
    void theBytesDoNotDependOnTheNumberOfThreads() throws IOException {
        byte[] input = input(3 * ParallelGzipOutputStream.BLOCK + 12_345);
        byte[] inline = gzip(input, null, 1);
        for (int threads : new int[] {1, 2, 8}) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                assertThat(gzip(input, pool, threads)).as(threads + " threads").isEqualTo(inline);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theOutputIsValidGzipForJavaAndForGzip() throws Exception {
        for (int size : new int[] {0, 1, ParallelGzipOutputStream.BLOCK, 2 * ParallelGzipOutputStream.BLOCK + 7}) {
            byte[] input = input(size);
            byte[] compressed = gzip(input, null, 1);
            try (var in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
                assertThat(in.readAllBytes()).as("size " + size).isEqualTo(input);
            }
            Path file = Files.write(dir.resolve("x" + size + ".gz"), compressed);
            assertThat(Processes.run("gzip", "-t", file.toString()).exitCode()).isZero();
        }
    }

    @Test
    void eachBlockReferencesThePreviousBlockThroughTheDictionary() throws IOException {
        byte[] pattern = input(20_000);
        byte[] repeated = new byte[4 * ParallelGzipOutputStream.BLOCK];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = pattern[i % pattern.length];
        }
        // without the dictionary every block would pay for the pattern once: about 4 times its compressed size
        assertThat(gzip(repeated, null, 1).length).isLessThan(2 * gzip(pattern, null, 1).length);
    }

    private static byte[] gzip(byte[] input, ExecutorService pool, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gzip = new ParallelGzipOutputStream(out, Compression.GZIP_LEVEL, pool, threads)) {
            for (int i = 0; i < input.length; i += 10_000) {
                gzip.write(input, i, Math.min(10_000, input.length - i));
            }
        }
        return out.toByteArray();
    }

    private static byte[] input(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(6));
        }
        return bytes;
    }
}
