package dev.distill.oci;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.distill.common.DistillException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPInputStream;

/** How layer blobs are compressed. */
public enum Compression {
    GZIP(MediaTypes.OCI_LAYER_GZIP),
    ZSTD(MediaTypes.OCI_LAYER_ZSTD),
    NONE(MediaTypes.OCI_LAYER);

    /** zlib's default level: the size/speed trade-off `gzip` and Docker use. */
    public static final int GZIP_LEVEL = 6;
    /** zstd's default level. */
    public static final int ZSTD_LEVEL = 3;

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Wraps {@code out}, compressing on the writing thread. */
    public OutputStream compress(OutputStream out) throws IOException {
        return compress(out, null, 1);
    }

    /**
     * Wraps {@code out}; closing the returned stream finishes the compressed stream and closes {@code out}. gzip
     * compresses blocks on {@code pool} (null: on the writing thread); zstd uses {@code threads} workers of its
     * own. The bytes do not depend on the number of threads.
     */
    public OutputStream compress(OutputStream out, ExecutorService pool, int threads) throws IOException {
        return switch (this) {
            case GZIP -> new ParallelGzipOutputStream(out, GZIP_LEVEL, pool, threads);
            case ZSTD -> {
                ZstdOutputStream zstd = new ZstdOutputStream(out, ZSTD_LEVEL);
                zstd.setChecksum(true);
                // zstd's output is the same for any number of workers from 1 up (not for 0)
                zstd.setWorkers(Math.max(1, threads));
                yield zstd;
            }
            case NONE -> out;
        };
    }

    /**
     * The decompressed content of a layer blob, told apart by its first bytes (gzip, zstd, else a plain tar),
     * whatever its media type claims.
     */
    public static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    public static Compression parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DistillException("unknown compression '" + name + "' (use gzip, zstd or none)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
