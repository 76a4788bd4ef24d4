package dev.distill.debian;

import com.github.luben.zstd.ZstdInputStream;
import dev.distill.common.DistillException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a {@code .deb} in one pass: the ar archive's {@code control.tar} (kept in memory: it is small) and then
 * its {@code data.tar}, whose entries are streamed to a visitor without being extracted anywhere. A {@code .deb}
 * is untrusted input; malformed archives fail with the package named.
 */
public final class DebFile {
    private static final byte[] AR_MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_CONTROL_SIZE = 64L << 20;

    /** The control archive's files: {@code control}, {@code md5sums}, {@code conffiles}, maintainer scripts. */
    public record Control(Paragraph fields, Map<String, byte[]> files) {
        public String text(String name) {
            byte[] bytes = files.get(name);
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Receives each data.tar entry; {@code content} is valid only during the call. */
    @FunctionalInterface
    public interface DataVisitor {
        void entry(TarArchiveEntry entry, InputStream content) throws IOException;
    }

    private DebFile() {
    }

    /** Reads the control part, then streams the data part to {@code visitor}. */
    public static Control read(Path deb, String label, DataVisitor visitor) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(deb), 1 << 16)) {
            byte[] magic = in.readNBytes(AR_MAGIC.length);
            if (!Arrays.equals(magic, AR_MAGIC)) {
                throw new DistillException(label + ": " + deb + " is not a Debian package (no ar header)");
            }
            Control control = null;
            boolean sawData = false;
            while (true) {
                byte[] header = in.readNBytes(60);
                if (header.length == 0) {
                    break;
                }
                if (header.length < 60 || header[58] != '`' || header[59] != '\n') {
                    throw new DistillException(label + ": corrupt ar member header in " + deb);
                }
                String name = new String(header, 0, 16, StandardCharsets.US_ASCII).strip();
                if (name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                long size = parseSize(new String(header, 48, 10, StandardCharsets.US_ASCII).strip(), label);
                InputStream member = new BoundedInputStream(in, size);
                if (name.startsWith("control.tar")) {
                    if (size > MAX_CONTROL_SIZE) {
                        throw new DistillException(label + ": control archive of " + size + " bytes is too large");
                    }
                    control = readControl(decompress(member, name, label), label);
                } else if (name.startsWith("data.tar")) {
                    if (control == null) {
                        throw new DistillException(label + ": data.tar comes before control.tar in " + deb);
                    }
                    readData(new BufferedInputStream(decompress(member, name, label), 1 << 16), label, visitor);
                    sawData = true;
                }
                member.skip(Long.MAX_VALUE);
                if ((size & 1) == 1) {
                    in.read();
                }
            }
            if (control == null || !sawData) {
                throw new DistillException(label + ": " + deb + " has no " + (control == null ? "control" : "data")
                        + " archive");
            }
            return control;
        } catch (IOException e) {
            throw new DistillException(label + ": cannot read package " + deb + ": " + e.getMessage(), e);
        }
    }

    /** Reads only the control part. */
    public static Control readControl(Path deb, String label) {
        return read(deb, label, (entry, content) -> { });
    }

    private static Control readControl(InputStream in, String label) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                    files.put(name, tar.readAllBytes());
                }
            }
        }
        byte[] control = files.get("control");
        if (control == null) {
            throw new DistillException(label + ": control archive has no control file");
        }
        return new Control(Deb822.parseOne(new String(control, StandardCharsets.UTF_8), label + " control"), files);
    }

    private static void readData(InputStream in, String label, DataVisitor visitor) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            visitor.entry(entry, tar);
        }
        drain(in);
    }

    private static InputStream decompress(InputStream member, String name, String label) throws IOException {
        String suffix = name.substring(name.indexOf(".tar") + 4);
        return switch (suffix) {
            // the package's SHA-256 was checked as it was downloaded: xz's own CRC adds nothing; arrays are reused
            case ".xz" -> new XZInputStream(member, -1, false, BasicArrayCache.getInstance());
            case ".zst" -> new ZstdInputStream(member);
            case ".gz" -> new GZIPInputStream(member, 1 << 16);
            case ".bz2" -> new BZip2CompressorInputStream(member);
            case "" -> member;
            default -> throw new DistillException(label + ": unsupported compression of " + name);
        };
    }

    private static long parseSize(String text, String label) {
        try {
            long size = Long.parseLong(text);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new DistillException(label + ": corrupt ar member size '" + text + "'");
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // skip what the reader did not need
        }
    }

    /** A view of the next {@code limit} bytes of an archive, never closing it. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            } else if (n < 0) {
                throw new IOException("package ends inside an archive member");
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (remaining > 0 && skipped < n) {
                long s = in.skip(Math.min(n - skipped, remaining));
                if (s <= 0) {
                    if (read() < 0) {
                        break;
                    }
                    s = 1;
                }
                skipped += s;
                remaining -= s;
            }
            return skipped;
        }

        @Override
        public void close() {
            // the ar stream stays open for the next member
        }
    }
}
