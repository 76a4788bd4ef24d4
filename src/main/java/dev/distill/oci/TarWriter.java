package dev.distill.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal, fully deterministic tar writer: ustar headers, with a PAX extended header only when a path, link
 * target or size does not fit. Nothing in the output depends on the clock, the user or the file system: every
 * field comes from the {@link TarEntry}. User and group names are left empty (numeric ids only).
 */
public final class TarWriter {
    private static final int BLOCK = 512;
    private static final long MAX_OCTAL_SIZE = 077777777777L;
    private static final int MAX_OCTAL_ID = 07777777;
    private static final byte[] ZEROS = new byte[BLOCK];
    private static final byte[] USTAR = {'u', 's', 't', 'a', 'r', 0, '0', '0'};

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] header = new byte[BLOCK];
    private long written;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes an entry; for regular files, exactly {@code entry.size()} bytes are read from {@code content}. */
    public void write(TarEntry entry, InputStream content) throws IOException {
        String name = entry.isDirectory() ? entry.path() + "/" : entry.path();
        Map<String, String> pax = new LinkedHashMap<>();
        String[] split = splitName(name);
        if (split == null) {
            pax.put("path", name);
            split = new String[] {"", truncate(name, 100)};
        }
        String link = entry.linkTarget() == null ? "" : entry.linkTarget();
        if (utf8Length(link) > 100) {
            pax.put("linkpath", link);
            link = truncate(link, 100);
        }
        if (entry.size() > MAX_OCTAL_SIZE) {
            pax.put("size", Long.toString(entry.size()));
        }
        if (entry.uid() > MAX_OCTAL_ID || entry.uid() < 0) {
            pax.put("uid", Integer.toUnsignedString(entry.uid()));
        }
        if (entry.gid() > MAX_OCTAL_ID || entry.gid() < 0) {
            pax.put("gid", Integer.toUnsignedString(entry.gid()));
        }
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            String paxName = truncate("PaxHeaders/" + split[1], 100);
            writeHeader(paxName, "", 'x', 0644, 0, 0, entry.mtime(), records.length, "");
            out.write(records);
            written += records.length;
            pad();
        }
        writeHeader(split[1], split[0], typeFlag(entry.type()), entry.mode(), entry.uid(), entry.gid(), entry.mtime(),
                entry.type() == TarEntry.Type.FILE ? entry.size() : 0, link);
        if (entry.type() == TarEntry.Type.FILE && entry.size() > 0) {
            copyExactly(content, entry.size(), entry.path());
            pad();
        }
    }

    /** Writes the two zero blocks that end an archive. Does not close the stream. */
    public void finish() throws IOException {
        byte[] zeros = new byte[BLOCK * 2];
        out.write(zeros);
        written += zeros.length;
    }

    public long bytesWritten() {
        return written;
    }

    private void copyExactly(InputStream content, long size, String path) throws IOException {
        long remaining = size;
        while (remaining > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("content of " + path + " ended " + remaining + " bytes early");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
        written += size;
    }

    private void pad() throws IOException {
        int rest = (int) (written % BLOCK);
        if (rest != 0) {
            out.write(ZEROS, 0, BLOCK - rest);
            written += BLOCK - rest;
        }
    }

    private void writeHeader(String name, String prefix, char type, int mode, int uid, int gid, long mtime, long size,
                             String link) throws IOException {
        byte[] h = header;
        Arrays.fill(h, (byte) 0);
        put(h, 0, 100, name);
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, Math.max(0, Math.min(uid, MAX_OCTAL_ID)));
        octal(h, 116, 8, Math.max(0, Math.min(gid, MAX_OCTAL_ID)));
        octal(h, 124, 12, Math.min(size, MAX_OCTAL_SIZE));
        octal(h, 136, 12, Math.max(0, Math.min(mtime, MAX_OCTAL_SIZE)));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        System.arraycopy(USTAR, 0, h, 257, USTAR.length);
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        put(h, 345, 155, prefix);
        // the checksum is computed with its own field as eight spaces, then written as six octal digits, NUL, space
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
        written += BLOCK;
    }

    /** Splits a name into ustar prefix and name, or returns null when it cannot be stored without PAX. */
    private static String[] splitName(String name) {
        if (!isAscii(name)) {
            return null;
        }
        if (name.length() <= 100) {
            return new String[] {"", name};
        }
        for (int i = name.length() - 1; i > 0; i--) {
            if (name.charAt(i) == '/' && i <= 155 && name.length() - i - 1 <= 100 && name.length() - i - 1 > 0) {
                return new String[] {name.substring(0, i), name.substring(i + 1)};
            }
        }
        return null;
    }

    private static byte[] paxRecords(Map<String, String> values) {
        StringBuilder all = new StringBuilder();
        for (var e : values.entrySet()) {
            String body = " " + e.getKey() + "=" + e.getValue() + "\n";
            int bodyLength = utf8Length(body);
            int length = bodyLength + Integer.toString(bodyLength).length();
            if (Integer.toString(length).length() != Integer.toString(bodyLength).length()) {
                length = bodyLength + Integer.toString(length).length();
            }
            all.append(length).append(body);
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
    }

    /** {@code value} as zero-padded octal digits filling {@code length - 1} bytes, then a NUL. */
    private static void octal(byte[] header, int offset, int length, long value) {
        long v = value;
        for (int i = offset + length - 2; i >= offset; i--) {
            header[i] = (byte) ('0' + (v & 7));
            v >>>= 3;
        }
        header[offset + length - 1] = 0;
    }

    private static char typeFlag(TarEntry.Type type) {
        return switch (type) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case CHAR_DEVICE -> '3';
            case BLOCK_DEVICE -> '4';
            case DIRECTORY -> '5';
            case FIFO -> '6';
        };
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String truncate(String s, int maxBytes) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return s;
        }
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < s.length() && ascii.length() < maxBytes; i++) {
            char c = s.charAt(i);
            ascii.append(c < 0x80 ? c : '_');
        }
        return ascii.toString();
    }
}
