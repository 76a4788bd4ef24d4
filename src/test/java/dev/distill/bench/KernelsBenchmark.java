package dev.distill.bench;

import dev.distill.debian.Deb822;
import dev.distill.debian.DebVersion;
import dev.distill.oci.Compression;
import dev.distill.oci.ParallelGzipOutputStreamAccess;
import dev.distill.oci.TarEntry;
import dev.distill.oci.TarWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * The hot kernels of a build, each beside a baseline measured in the same run: deb822 parsing of a Packages-like
 * index, dpkg version comparison, tar writing, and layer compression (Distill's block-parallel gzip with one and
 * two threads against the JDK's GZIPOutputStream; zstd).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelsBenchmark {
    private String packagesIndex;
    private List<String[]> versionPairs;
    private byte[] layerBytes;
    private ExecutorService twoThreads;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(1);
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            index.append("Package: pkg").append(i).append("\nVersion: 1:").append(random.nextInt(9)).append('.')
                    .append(random.nextInt(99)).append("-").append(random.nextInt(9)).append("+deb13u1\n")
                    .append("Architecture: amd64\nMaintainer: Debian <debian@example.org>\nInstalled-Size: 1234\n")
                    .append("Depends: libc6 (>= 2.38), libssl3t64 (>= 3.0.0), zlib1g (>= 1:1.2.0)\n")
                    .append("Description: a package\n a longer description\n .\n with paragraphs\n")
                    .append("Filename: pool/main/p/pkg/pkg_1.0_amd64.deb\nSize: 12345\nSHA256: ")
                    .append("0".repeat(64)).append("\n\n");
        }
        packagesIndex = index.toString();
        versionPairs = new ArrayList<>();
        String[] parts = {"1.0", "1.0~rc1", "2:3.4.5-1+deb13u2", "3.13.5-2+deb13u5", "1.2.3a-4", "0.9.8zh", "10.2"};
        for (int i = 0; i < 10_000; i++) {
            versionPairs.add(new String[] {parts[random.nextInt(parts.length)], parts[random.nextInt(parts.length)]});
        }
        layerBytes = new byte[8 << 20];
        for (int i = 0; i < layerBytes.length; i++) {
            layerBytes[i] = (byte) (random.nextInt(5) == 0 ? random.nextInt(256) : 'a' + random.nextInt(12));
        }
        twoThreads = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        twoThreads.shutdownNow();
    }

    @Benchmark
    public void deb822ParseAllFields(Blackhole bh) {
        Deb822.parse(new StringReader(packagesIndex), "Packages", null, bh::consume);
    }

    @Benchmark
    public void deb822ParseIndexFields(Blackhole bh) {
        Deb822.parse(new StringReader(packagesIndex), "Packages",
                Set.of("package", "version", "depends", "filename", "size", "sha256"), bh::consume);
    }

    @Benchmark
    public int dpkgVersionCompare() {
        int sum = 0;
        for (String[] pair : versionPairs) {
            sum += DebVersion.compare(pair[0], pair[1]);
        }
        return sum;
    }

    @Benchmark
    public long tarWrite() throws IOException {
        CountingSink sink = new CountingSink();
        TarWriter tar = new TarWriter(sink);
        int size = 16 * 1024;
        for (int i = 0; i * size < layerBytes.length; i++) {
            tar.write(TarEntry.file("usr/lib/python3.13/module" + i + ".py", 0644, 0, 0, 0, size),
                    new ByteArrayInputStream(layerBytes, i * size, size));
        }
        tar.finish();
        return sink.count;
    }

    @Benchmark
    public long gzipJdkBaseline() throws IOException {
        CountingSink sink = new CountingSink();
        try (GZIPOutputStream gzip = new GZIPOutputStream(sink, 1 << 16)) {
            gzip.write(layerBytes);
        }
        return sink.count;
    }

    @Benchmark
    public long gzipBlocksOneThread() throws IOException {
        return ParallelGzipOutputStreamAccess.compress(layerBytes, null, 1);
    }

    @Benchmark
    public long gzipBlocksTwoThreads() throws IOException {
        return ParallelGzipOutputStreamAccess.compress(layerBytes, twoThreads, 2);
    }

    @Benchmark
    public long zstd() throws IOException {
        CountingSink sink = new CountingSink();
        try (OutputStream out = Compression.ZSTD.compress(sink, null, 2)) {
            out.write(layerBytes);
        }
        return sink.count;
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
