package dev.distill.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip in independent blocks, as pigz does: the input is cut into 128 KiB blocks, each deflated on its own with the
 * previous block's last 32 KiB as its dictionary and ended with a sync flush, so blocks compress in parallel and
 * the output depends only on the input and the level — never on the number of threads. The header is fixed (no
 * name, no time, OS "unknown"); the deflate bytes come from the platform's zlib ({@link GzipReference}).
 */
public final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 128 * 1024;
    static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary;
    private long size;
    private boolean closed;

    /**
     * @param pool where blocks are compressed, or null to compress them on the writing thread (same bytes)
     */
    public ParallelGzipOutputStream(OutputStream out, int level, ExecutorService pool, int threads) throws IOException {
        this.out = out;
        this.level = level;
        this.pool = pool;
        this.maxInFlight = Math.max(2, threads * 2);
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    @Override
    public void flush() {
        // the compressed stream is only complete at close; flushing early would change the bytes
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            writeIntLe((int) crc.getValue());
            writeIntLe((int) size);
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dict = dictionary;
        dictionary = length >= DICTIONARY ? Arrays.copyOfRange(input, length - DICTIONARY, length) : null;
        block = new byte[BLOCK];
        filled = 0;
        FutureTask<byte[]> task = new FutureTask<>(() -> deflate(input, length, dict, last, level));
        if (pool == null) {
            task.run();
        } else {
            pool.execute(task);
        }
        inFlight.add(task);
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        try {
            out.write(inFlight.removeFirst().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    static byte[] deflate(byte[] input, int length, byte[] dictionary, boolean last, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(input, 0, length);
            ByteArrayOutputStream result = new ByteArrayOutputStream(Math.max(64, length / 2));
            byte[] buffer = new byte[64 * 1024];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    int n = deflater.deflate(buffer);
                    result.write(buffer, 0, n);
                }
            } else {
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    result.write(buffer, 0, n);
                } while (n == buffer.length);
            }
            return result.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private void writeIntLe(int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
