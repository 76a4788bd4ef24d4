package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.common.Hashing;
import dev.distill.oci.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * Hashes a blob while it is read and fails at its end (or as soon as it is too long) when the bytes are not the
 * ones the digest names. A consumer that stores what it reads must store it only after reading to the end.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final String origin;
    private final LongConsumer progress;
    private final MessageDigest hash;
    private long count;
    private boolean verified;

    /**
     * @param expectedSize the blob's size, or -1 when unknown
     * @param origin       where the bytes come from, for the error message
     */
    VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String origin, LongConsumer progress) {
        super(in);
        if (!expected.algorithm().equals("sha256")) {
            throw new DistillException("cannot verify " + expected + " from " + origin + ": only sha256 is supported");
        }
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.origin = origin;
        this.progress = progress;
        this.hash = Hashing.sha256();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
            return -1;
        }
        hash.update(buffer, offset, n);
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw mismatch("more than the " + expectedSize + " bytes announced");
        }
        progress.accept(count);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a verified blob stream cannot skip");
    }

    private void verify() {
        if (verified) {
            return;
        }
        Digest actual = Digest.sha256Hex(Hashing.hex(hash));
        if (expectedSize >= 0 && count != expectedSize) {
            throw mismatch(count + " bytes instead of " + expectedSize);
        }
        if (!actual.equals(expected)) {
            throw mismatch("content with digest " + actual);
        }
        verified = true;
    }

    private DistillException mismatch(String what) {
        return new DistillException(ExitCode.CHECK_FAILED, "blob " + expected + " from " + origin + " failed "
                + "verification: received " + what + "; nothing was stored");
    }
}
