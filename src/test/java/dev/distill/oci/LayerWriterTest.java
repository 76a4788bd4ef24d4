package dev.distill.oci;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class LayerWriterTest {
    private static final long MTIME = 1_700_000_000L;
    private static final String LONG_DIR = "usr/share/" + "very-long-directory-name/".repeat(8);
    private static final String UNICODE = "usr/share/zoneinfo/Amérique/Montréal";

    @Test
    void sameEntriesGiveTheSameBlobAndDiffIdInAnyLayout(@TempDir Path a, @TempDir Path b) throws IOException {
        Layer first = writeSample(OciLayout.openOrCreate(a), Compression.GZIP);
        Layer second = writeSample(OciLayout.openOrCreate(b), Compression.GZIP);
        assertThat(second).isEqualTo(first);
        assertThat(OciLayout.open(a).has(first.descriptor().digest())).isTrue();
    }

    @Test
    void diffIdIsTheDigestOfTheUncompressedTar(@TempDir Path dir) throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir);
        Layer gzip = writeSample(layout, Compression.GZIP);
        Layer zstd = writeSample(layout, Compression.ZSTD);
        Layer plain = writeSample(layout, Compression.NONE);
        assertThat(gzip.diffId()).isEqualTo(zstd.diffId()).isEqualTo(plain.diffId()).isEqualTo(plain.descriptor().digest());
        assertThat(gzip.descriptor().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
        assertThat(zstd.descriptor().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
        try (InputStream in = new GZIPInputStream(layout.open(gzip.descriptor().digest()))) {
            assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(gzip.diffId());
        }
    }

    @Test
    void entriesReadBackExactlyWithLongAndNonAsciiNames(@TempDir Path dir) throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir);
        Layer layer = writeSample(layout, Compression.GZIP);
        List<TarArchiveEntry> entries = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        try (var tar = new TarArchiveInputStream(new GZIPInputStream(layout.open(layer.descriptor().digest())))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.add(entry);
                contents.add(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly(
                "usr/", "usr/bin/", "usr/bin/hello", "usr/bin/hi", "usr/bin/hello2", LONG_DIR + "file.txt",
                UNICODE, "run/lock", "home/nonroot/");
        assertThat(entries.get(2).getMode()).isEqualTo(0755);
        assertThat(entries.get(2).getModTime().toInstant().getEpochSecond()).isEqualTo(MTIME);
        assertThat(contents.get(2)).isEqualTo("#!hello\n");
        assertThat(entries.get(3).isSymbolicLink()).isTrue();
        assertThat(entries.get(3).getLinkName()).isEqualTo("hello");
        assertThat(entries.get(4).isLink()).isTrue();
        assertThat(contents.get(5)).isEqualTo("long");
        assertThat(entries.get(8).getLongUserId()).isEqualTo(65532);
        assertThat(entries).allSatisfy(e -> assertThat(e.getUserName()).isEmpty());
    }

    @Test
    void gnuTarListsTheLayer(@TempDir Path dir) throws Exception {
        OciLayout layout = OciLayout.openOrCreate(dir);
        Layer layer = writeSample(layout, Compression.GZIP);
        Process tar = new ProcessBuilder("tar", "-tzvf", layout.blobPath(layer.descriptor().digest()).toString())
                .redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(listing).isZero();
        assertThat(listing).contains(LONG_DIR + "file.txt").contains(UNICODE).contains("usr/bin/hi -> hello")
                .contains("65532/65532").contains("2023-11-14");
    }

    private static Layer writeSample(OciLayout layout, Compression compression) throws IOException {
        try (LayerWriter writer = new LayerWriter(layout, compression)) {
            writer.add(TarEntry.directory("usr", 0755, 0, 0, MTIME));
            writer.add(TarEntry.directory("usr/bin", 0755, 0, 0, MTIME));
            byte[] hello = "#!hello\n".getBytes(StandardCharsets.UTF_8);
            writer.add(TarEntry.file("usr/bin/hello", 0755, 0, 0, MTIME, hello.length), hello);
            writer.add(TarEntry.symlink("usr/bin/hi", "hello", MTIME));
            writer.add(TarEntry.hardlink("usr/bin/hello2", "usr/bin/hello", 0755, 0, 0, MTIME));
            writer.add(TarEntry.file(LONG_DIR + "file.txt", 0644, 0, 0, MTIME, 4), "long".getBytes(StandardCharsets.UTF_8));
            writer.add(TarEntry.file(UNICODE, 0644, 0, 0, MTIME, 2), "tz".getBytes(StandardCharsets.UTF_8));
            writer.add(TarEntry.symlink("run/lock", "/tmp/" + "x".repeat(120), MTIME));
            writer.add(TarEntry.directory("home/nonroot", 0700, 65532, 65532, MTIME));
            return writer.finish();
        }
    }
}
