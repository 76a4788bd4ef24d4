package dev.distill.debian;

import dev.distill.common.DistillException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@code Packages} index (plain, {@code .xz} or {@code .gz}) into {@link BinaryPackage}s. */
public final class PackagesIndex {
    private PackagesIndex() {
    }

    public static List<BinaryPackage> read(Path file, String compression, String suite, String source) {
        List<BinaryPackage> packages = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             InputStream in = decompress(raw, compression)) {
            Deb822.parse(new InputStreamReader(in, StandardCharsets.UTF_8), source, BinaryPackage.INDEX_FIELDS,
                    p -> packages.add(BinaryPackage.of(p, suite)));
        } catch (IOException e) {
            throw new DistillException("cannot read " + source + ": " + e.getMessage(), e);
        }
        return packages;
    }

    private static InputStream decompress(InputStream raw, String compression) throws IOException {
        return switch (compression) {
            case "xz" -> new XZInputStream(raw);
            case "gz" -> new GzipCompressorInputStream(raw);
            case "" -> raw;
            default -> throw new IllegalArgumentException("unknown index compression " + compression);
        };
    }
}
