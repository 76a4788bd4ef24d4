package dev.distill.common;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes on while computing their SHA-256 and counting them. */
public class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256 = Hashing.sha256();
    private long count;

    public HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    /** The SHA-256 (hex) of what was written; call once, after the last write. */
    public String sha256Hex() {
        return Hashing.hex(sha256);
    }

    public long count() {
        return count;
    }
}
