package dev.distill.oci;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GzipReferenceTest {
    @Test
    void thisMachinesZlibGivesTheReferenceBytes() {
        // Debian's OpenJDK uses the system's classic zlib, so this machine is a reference machine.
        assertThat(GzipReference.sampleDigest()).isEqualTo(GzipReference.REFERENCE_SHA256);
        assertThat(GzipReference.platformMatches()).isTrue();
    }

    @Test
    void deterministicGzipIsValidGzipWithAFixedHeader() throws IOException {
        byte[] sample = GzipReference.sample();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gzip = new ParallelGzipOutputStream(bytes, Compression.GZIP_LEVEL, null, 1)) {
            gzip.write(sample, 0, 1000);
            gzip.write(sample, 1000, sample.length - 1000);
        }
        byte[] compressed = bytes.toByteArray();
        assertThat(compressed).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
        try (var in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(sample);
        }
    }
}
