package dev.distill.oci;

import dev.distill.common.AtomicFiles;
import dev.distill.common.Hashing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * gzip layer digests are only reproducible across machines if every machine's deflate gives the same bytes. The
 * JDK's {@code Deflater} calls the platform's zlib: classic zlib (Debian's and Ubuntu's OpenJDK, Temurin's bundled
 * copy) gives the reference output, zlib-ng and other forks do not. This check compresses a fixed sample once and
 * compares it with the output recorded from classic zlib, so a build can warn that its gzip digests will differ
 * from other machines' (zstd output is fixed by the bundled libzstd and does not have this problem).
 */
public final class GzipReference {
    /** SHA-256 of the deterministic gzip of {@link #sample()} made by classic zlib 1.2.13 at level 6. */
    static final String REFERENCE_SHA256 = "8fa2170892f0edd7770b8d54b47470b02aa05c57e9bd02d8397edc27738ca7e4";

    private GzipReference() {
    }

    /** Whether this JVM's deflate produces the reference bytes. */
    public static boolean platformMatches() {
        return Holder.MATCHES;
    }

    /**
     * The same answer, remembered in {@code dir} per JVM (its home, version and architecture), so the check costs
     * nothing after the first run.
     */
    public static boolean platformMatches(Path dir) {
        String jvm = System.getProperty("java.home") + " " + System.getProperty("java.vm.version") + " "
                + System.getProperty("os.arch");
        Path answer = dir.resolve("zlib-" + Hashing.sha256Hex(jvm.getBytes(StandardCharsets.UTF_8))
                .substring(0, 16));
        try {
            if (Files.isRegularFile(answer)) {
                return Boolean.parseBoolean(Files.readString(answer).strip());
            }
        } catch (IOException ignored) {
            // asked again below
        }
        boolean matches = platformMatches();
        try {
            AtomicFiles.write(answer, Boolean.toString(matches).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException ignored) {
            // an unwritable directory only means the check runs again next time
        }
        return matches;
    }

    static String sampleDigest() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (var gzip = new ParallelGzipOutputStream(bytes, Compression.GZIP_LEVEL, null, 1)) {
                gzip.write(sample());
            }
            return Hashing.sha256Hex(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 256 KiB of text and binary-looking data from a fixed linear congruential generator (two gzip blocks). */
    static byte[] sample() {
        String[] words = {"usr", "lib", "python3.13", "encodings", "__init__", "def", "return", "self", "import",
            "class", "x86_64-linux-gnu", "libc.so.6", "copyright", "Debian", "GNU", "License", "0", "1", "\n", " ",
            "(", ")", ":", "=", "\t"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long state = 20260101L;
        while (out.size() < (256 << 10)) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            int r = (int) (state >>> 33);
            if ((r & 15) == 0) {
                for (int i = 0; i < 16; i++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    out.write((int) (state >>> 56));
                }
            } else {
                out.writeBytes(words[Math.floorMod(r, words.length)].getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static final class Holder {
        static final boolean MATCHES = REFERENCE_SHA256.equals(sampleDigest());
    }
}
