package dev.distill.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
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
    /** One compressor per thread, reset between blocks: setting one up allocates and clears zlib's tables. */
    private static final ThreadLocal<Map<Integer, Deflater>> DEFLATERS = ThreadLocal.withInitial(HashMap::new);

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    // Blocks and output buffers are recycled once written, so a layer allocates a few buffers, not one per block.
    private final Deque<byte[]> freeBlocks = new ArrayDeque<>();
    private final Deque<byte[]> freeOutputs = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] previous;
    private int previousLength;
    private long size;
    private boolean closed;

    /** A block being compressed: the block its dictionary comes from, and the compressed bytes to come. */
    private record InFlight(byte[] dictionarySource, Future<Deflated> result) {
    }

    /** Compressed bytes: the first {@code length} of {@code bytes}. */
    private record Deflated(byte[] bytes, int length) {
    }

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
            inFlight.forEach(f -> f.result().cancel(true));
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dictionarySource = previousLength >= DICTIONARY ? previous : null;
        int dictionaryEnd = previousLength;
        byte[] output = freeOutputs.isEmpty() ? new byte[outputBound(BLOCK)] : freeOutputs.pop();
        previous = input;
        previousLength = length;
        block = freeBlocks.isEmpty() ? new byte[BLOCK] : freeBlocks.pop();
        filled = 0;
        FutureTask<Deflated> task = new FutureTask<>(() -> deflate(input, length, dictionarySource, dictionaryEnd,
                last, level, output));
        if (pool == null) {
            task.run();
        } else {
            pool.execute(task);
        }
        inFlight.add(new InFlight(dictionarySource, task));
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
    }

    /**
     * Writes the oldest block's compressed bytes. Its dictionary's source block is then free: the blocks after it
     * take their dictionaries from later blocks. Its own input is still the next block's dictionary.
     */
    private void writeOldest() throws IOException {
        InFlight oldest = inFlight.removeFirst();
        try {
            Deflated deflated = oldest.result().get();
            out.write(deflated.bytes(), 0, deflated.length());
            freeOutputs.push(deflated.bytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
        if (oldest.dictionarySource() != null) {
            freeBlocks.push(oldest.dictionarySource());
        }
    }

    /** Room for a block's compressed bytes even when it does not compress (stored blocks cost 5 bytes per 16 KiB). */
    private static int outputBound(int length) {
        return length + (length >> 12) + 64;
    }

    /**
     * Deflates {@code input[0, length)} with the last 32 KiB before {@code dictionaryEnd} of {@code dictionary} as
     * its dictionary (when not null), ending with a sync flush, or with the final block when {@code last}.
     */
    static Deflated deflate(byte[] input, int length, byte[] dictionary, int dictionaryEnd, boolean last, int level,
                            byte[] output) {
        Deflater deflater = DEFLATERS.get().computeIfAbsent(level, l -> new Deflater(l, true));
        deflater.reset();
        if (dictionary != null) {
            deflater.setDictionary(dictionary, dictionaryEnd - DICTIONARY, DICTIONARY);
        }
        deflater.setInput(input, 0, length);
        if (last) {
            deflater.finish();
        }
        byte[] bytes = output.length >= outputBound(length) ? output : new byte[outputBound(length)];
        int written = 0;
        while (true) {
            written += deflater.deflate(bytes, written, bytes.length - written,
                    last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
            boolean done = last ? deflater.finished() : written < bytes.length;
            if (done) {
                return new Deflated(bytes, written);
            }
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
    }

    private void writeIntLe(int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
