package dev.distill.app;

import com.github.luben.zstd.ZstdInputStream;
import dev.distill.common.DistillException;
import dev.distill.common.Hashing;
import dev.distill.container.RootfsUnpacker;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.MediaTypes;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * ADD's local archives: a file that is a tar (plain, gzip, bzip2, xz or zstd, told apart by content, as Docker does)
 * is unpacked instead of copied. Archives are untrusted: they are unpacked by {@link RootfsUnpacker}, which keeps
 * every entry inside the target directory.
 */
final class LocalArchives {
    private static final int TAR_HEADER = 512;

    private final RootfsUnpacker unpacker;

    LocalArchives(RootfsUnpacker unpacker) {
        this.unpacker = unpacker;
    }

    /** Unpacks {@code file} into the new directory {@code target} if it is a tar archive; false if it is not. */
    boolean unpack(Path file, Path target) throws IOException {
        if (!isTar(file)) {
            return false;
        }
        Path tar = target.resolveSibling(target.getFileName() + ".tar");
        MessageDigest sha256 = Hashing.sha256();
        try (InputStream in = decompressed(file);
             OutputStream out = new DigestOutputStream(Files.newOutputStream(tar), sha256)) {
            in.transferTo(out);
        }
        try {
            Digest digest = Digest.sha256Hex(Hashing.hex(sha256));
            unpacker.apply(blob -> Files.newInputStream(tar), Descriptor.of(MediaTypes.OCI_LAYER, digest,
                    Files.size(tar)), target);
        } catch (DistillException e) {
            throw new DistillException("cannot unpack " + file.getFileName() + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tar);
        }
        return true;
    }

    private static boolean isTar(Path file) throws IOException {
        try (InputStream in = decompressed(file)) {
            byte[] header = in.readNBytes(TAR_HEADER);
            return TarArchiveInputStream.matches(header, header.length);
        } catch (IOException e) {
            return false; // a compressed file that is not valid: copied as it is, like any file
        }
    }

    private static InputStream decompressed(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(6);
        byte[] magic = in.readNBytes(6);
        in.reset();
        try {
            if (startsWith(magic, 0x1f, 0x8b)) {
                return new GZIPInputStream(in);
            }
            if (startsWith(magic, 'B', 'Z', 'h')) {
                return new BZip2CompressorInputStream(in);
            }
            if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
                return new XZCompressorInputStream(in);
            }
            if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
                return new ZstdInputStream(in);
            }
            return in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
