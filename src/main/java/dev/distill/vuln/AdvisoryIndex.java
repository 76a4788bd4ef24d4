package dev.distill.vuln;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

/**
 * The on-disk advisory index: advisories grouped by {@code release/source-package}, each group one block, and a
 * table of the keys sorted so a lookup is a binary search over the memory-mapped file. Opening it reads nothing
 * but the trailer, and a lookup touches a logarithmic number of keys and one block, so scanning costs the same
 * whether the data holds a thousand advisories or a hundred thousand.
 *
 * <p>Layout: the blocks; the key bytes; a slot table (per key: key offset and length, block offset and length);
 * then a trailer: slot table offset, key count, advisory count, and the magic {@code DVDB0001}.
 */
public final class AdvisoryIndex implements AutoCloseable {
    private static final byte[] MAGIC = "DVDB0001".getBytes(StandardCharsets.US_ASCII);
    private static final int SLOT = 8 + 4 + 8 + 4;
    private static final int TRAILER = 8 + 4 + 4 + MAGIC.length;
    private static final int MAX_DESCRIPTION = 500;

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer buffer;
    private final long slotsOffset;
    private final int keyCount;
    private final int advisoryCount;

    private AdvisoryIndex(Path file, FileChannel channel, MappedByteBuffer buffer, long slotsOffset, int keyCount,
                          int advisoryCount) {
        this.file = file;
        this.channel = channel;
        this.buffer = buffer;
        this.slotsOffset = slotsOffset;
        this.keyCount = keyCount;
        this.advisoryCount = advisoryCount;
    }

    /** The key of a group: release codename and source package. */
    public static String key(String release, String source) {
        return release + "/" + source;
    }

    /**
     * Writes {@code groups} (key → advisories) to {@code target}, atomically. Keys are package names and
     * codenames, ASCII, so their string order is their byte order. The file stays under 2 GiB (it is mapped whole).
     */
    public static void write(Path target, SortedMap<String, List<Advisory>> groups) {
        AtomicFiles.write(target, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            List<long[]> blocks = new ArrayList<>();
            int advisories = 0;
            for (List<Advisory> group : groups.values()) {
                long start = out.size();
                out.writeInt(group.size());
                for (Advisory advisory : group) {
                    writeAdvisory(out, advisory);
                }
                advisories += group.size();
                blocks.add(new long[] {start, out.size() - start});
            }
            List<long[]> keys = new ArrayList<>();
            for (String key : groups.keySet()) {
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                keys.add(new long[] {out.size(), bytes.length});
                out.write(bytes);
            }
            long slots = out.size();
            if (slots + (long) keys.size() * SLOT + TRAILER >= Integer.MAX_VALUE) {
                throw new DistillException("the advisory index would exceed 2 GiB: too much data for one index");
            }
            for (int i = 0; i < keys.size(); i++) {
                out.writeLong(keys.get(i)[0]);
                out.writeInt((int) keys.get(i)[1]);
                out.writeLong(blocks.get(i)[0]);
                out.writeInt((int) blocks.get(i)[1]);
            }
            out.writeLong(slots);
            out.writeInt(keys.size());
            out.writeInt(advisories);
            out.write(MAGIC);
            out.flush();
        });
    }

    public static AdvisoryIndex open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long size = channel.size();
                if (size < TRAILER) {
                    throw corrupt(file, "too short");
                }
                MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                int trailer = (int) (size - TRAILER);
                byte[] magic = new byte[MAGIC.length];
                buffer.get(trailer + 16, magic);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw corrupt(file, "not an advisory index");
                }
                long slots = buffer.getLong(trailer);
                int keys = buffer.getInt(trailer + 8);
                if (slots < 0 || slots + (long) keys * SLOT != trailer) {
                    throw corrupt(file, "its key table does not fit");
                }
                return new AdvisoryIndex(file, channel, buffer, slots, keys, buffer.getInt(trailer + 12));
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new DistillException("cannot open the advisory index " + file + ": " + e.getMessage(), e);
        }
    }

    public int keyCount() {
        return keyCount;
    }

    public int advisoryCount() {
        return advisoryCount;
    }

    /** The advisories for a source package in a release; empty when the data has none. */
    public List<Advisory> lookup(String release, String source) {
        byte[] wanted = key(release, source).getBytes(StandardCharsets.UTF_8);
        int low = 0;
        int high = keyCount - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int slot = Math.toIntExact(slotsOffset + (long) middle * SLOT);
            int c = compare(buffer.getLong(slot), buffer.getInt(slot + 8), wanted);
            if (c < 0) {
                low = middle + 1;
            } else if (c > 0) {
                high = middle - 1;
            } else {
                return readBlock(buffer.getLong(slot + 12), buffer.getInt(slot + 20));
            }
        }
        return List.of();
    }

    /** Compares key bytes in the file with {@code wanted} as unsigned bytes: UTF-8 order is string order. */
    private int compare(long offset, int length, byte[] wanted) {
        int n = Math.min(length, wanted.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(buffer.get(Math.toIntExact(offset + i)) & 0xff, wanted[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(length, wanted.length);
    }

    private List<Advisory> readBlock(long offset, int length) {
        ByteBuffer block = buffer.slice(Math.toIntExact(offset), length);
        try {
            int count = block.getInt();
            List<Advisory> advisories = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                advisories.add(readAdvisory(block));
            }
            return advisories;
        } catch (RuntimeException e) {
            throw corrupt(file, "a block at offset " + offset + " cannot be read (" + e + ")");
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new DistillException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private static DistillException corrupt(Path file, String why) {
        return new DistillException(file + " is damaged (" + why + "); run 'distill db update' to rebuild it");
    }

    private static void writeAdvisory(DataOutputStream out, Advisory a) throws IOException {
        writeString(out, a.id());
        out.writeInt(a.aliases().size());
        for (String alias : a.aliases()) {
            writeString(out, alias);
        }
        writeString(out, a.release());
        writeString(out, a.source());
        out.writeInt(a.ranges().size());
        for (Advisory.Range range : a.ranges()) {
            writeString(out, range.introduced());
            writeString(out, range.fixed());
            writeString(out, range.lastAffected());
        }
        out.writeByte(a.state().ordinal());
        writeString(out, a.reason());
        writeString(out, a.urgency());
        out.writeByte(a.severity().ordinal());
        String description = a.description();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION) + "…";
        }
        writeString(out, description);
        writeString(out, a.origin());
    }

    private static Advisory readAdvisory(ByteBuffer in) {
        String id = readString(in);
        int aliasCount = in.getInt();
        List<String> aliases = new ArrayList<>(aliasCount);
        for (int i = 0; i < aliasCount; i++) {
            aliases.add(readString(in));
        }
        String release = readString(in);
        String source = readString(in);
        int rangeCount = in.getInt();
        List<Advisory.Range> ranges = new ArrayList<>(rangeCount);
        for (int i = 0; i < rangeCount; i++) {
            ranges.add(new Advisory.Range(readString(in), readString(in), readString(in)));
        }
        FixState state = FixState.values()[in.get()];
        String reason = readString(in);
        String urgency = readString(in);
        Severity severity = Severity.values()[in.get()];
        return new Advisory(id, aliases, release, source, ranges, state, reason, urgency, severity, readString(in),
                readString(in));
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
