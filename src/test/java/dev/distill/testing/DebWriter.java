package dev.distill.testing;

import dev.distill.common.Hashing;
import dev.distill.testing.FixturePackage.Compression;
import dev.distill.testing.FixturePackage.DataEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Writes a {@link FixturePackage} as a real Debian binary package: an ar archive of debian-binary, control, data. */
final class DebWriter {
    private static final Date MTIME = Date.from(Instant.parse("2025-01-01T00:00:00Z"));

    private DebWriter() {
    }

    /** A built package: the {@code .deb} file and its {@code control} text. */
    record Deb(byte[] bytes, String control) {
    }

    static Deb write(FixturePackage pkg) {
        try {
            List<DataEntry> data = withParents(pkg.entries());
            String control = pkg.control(installedSizeKib(data));
            byte[] dataTar = compress(tar(data), pkg.dataCompression());
            byte[] controlTar = compress(tar(controlEntries(pkg, control, data)), pkg.controlCompression());
            ByteArrayOutputStream deb = new ByteArrayOutputStream();
            try (ArArchiveOutputStream ar = new ArArchiveOutputStream(deb)) {
                addMember(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
                addMember(ar, "control.tar" + pkg.controlCompression().suffix, controlTar);
                addMember(ar, "data.tar" + pkg.dataCompression().suffix, dataTar);
            }
            return new Deb(deb.toByteArray(), control);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + pkg.poolPath(), e);
        }
    }

    /** Compresses like the tools that make Debian's files; also used for {@code Packages.xz} / {@code .gz}. */
    static byte[] compress(byte[] content, Compression compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream compressed = switch (compression) {
            case XZ -> new XZOutputStream(out, new LZMA2Options());
            case GZ -> new GZIPOutputStream(out);
            case ZST -> new ZstdCompressorOutputStream(out);
            case NONE -> out;
        }) {
            compressed.write(content);
        }
        return out.toByteArray();
    }

    /** Entries under {@code ./} get their missing parent directories first, as dpkg-deb would have written. */
    private static List<DataEntry> withParents(List<DataEntry> entries) {
        Set<String> present = new LinkedHashSet<>();
        List<DataEntry> result = new ArrayList<>();
        for (DataEntry entry : entries) {
            if (entry.name().startsWith("./")) {
                String[] parts = entry.name().substring(2).split("/");
                StringBuilder dir = new StringBuilder("./");
                addDirectory(dir.toString(), present, result);
                for (int i = 0; i < parts.length - 1; i++) {
                    dir.append(parts[i]).append('/');
                    addDirectory(dir.toString(), present, result);
                }
            }
            if (entry.type() != DataEntry.Type.DIRECTORY || present.add(entry.name())) {
                result.add(entry);
            }
        }
        return result;
    }

    private static void addDirectory(String name, Set<String> present, List<DataEntry> result) {
        if (present.add(name)) {
            result.add(DataEntry.directory(name, 0755));
        }
    }

    /** Like dpkg-gencontrol: each file's size rounded up to KiB, one KiB for anything else. */
    private static long installedSizeKib(List<DataEntry> data) {
        return data.stream()
                .mapToLong(entry -> entry.type() == DataEntry.Type.FILE ? (entry.content().length + 1023) / 1024 : 1)
                .sum();
    }

    private static List<DataEntry> controlEntries(FixturePackage pkg, String controlText, List<DataEntry> data) {
        StringBuilder md5sums = new StringBuilder();
        for (DataEntry entry : data) {
            if (entry.type() == DataEntry.Type.FILE) {
                var md5 = Hashing.md5();
                md5.update(entry.content());
                md5sums.append(Hashing.hex(md5)).append("  ").append(entry.name().replaceFirst("^\\./", ""))
                        .append('\n');
            }
        }
        List<DataEntry> control = new ArrayList<>();
        control.add(DataEntry.directory("./", 0755));
        control.add(DataEntry.file("./control", utf8(controlText), 0644));
        control.add(DataEntry.file("./md5sums", utf8(md5sums.toString()), 0644));
        if (!pkg.conffiles().isEmpty()) {
            control.add(DataEntry.file("./conffiles", utf8(String.join("\n", pkg.conffiles()) + "\n"), 0644));
        }
        for (Map.Entry<String, String> script : new TreeMap<>(pkg.scripts()).entrySet()) {
            control.add(DataEntry.file("./" + script.getKey(), utf8(script.getValue()), 0755));
        }
        return control;
    }

    private static byte[] tar(List<DataEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (DataEntry entry : entries) {
                TarArchiveEntry header = switch (entry.type()) {
                    case FILE -> new TarArchiveEntry(entry.name(), true);
                    case DIRECTORY -> new TarArchiveEntry(entry.name(), TarConstants.LF_DIR, true);
                    case SYMLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_SYMLINK, true);
                    case HARDLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_LINK, true);
                };
                header.setMode(typeBits(entry.type()) | entry.mode());
                header.setModTime(MTIME);
                header.setIds(0, 0);
                header.setNames("root", "root");
                if (entry.linkTarget() != null) {
                    header.setLinkName(entry.linkTarget());
                }
                if (entry.type() == DataEntry.Type.FILE) {
                    header.setSize(entry.content().length);
                }
                tar.putArchiveEntry(header);
                if (entry.type() == DataEntry.Type.FILE) {
                    tar.write(entry.content());
                }
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static int typeBits(DataEntry.Type type) {
        return switch (type) {
            case FILE, HARDLINK -> 0100000;
            case DIRECTORY -> 040000;
            case SYMLINK -> 0120000;
        };
    }

    private static void addMember(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length, 0, 0, 0100644, MTIME.getTime() / 1000));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
