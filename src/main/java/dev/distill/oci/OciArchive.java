package dev.distill.oci;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** An OCI layout as one tar file ({@code oci-archive}), written deterministically. */
public final class OciArchive {
    private OciArchive() {
    }

    /** Writes {@code layout} as a tar at {@code file} (under a temporary name, then renamed). */
    public static void write(OciLayout layout, Path file, long mtime) {
        AtomicFiles.write(file, out -> {
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            TarWriter tar = new TarWriter(buffered);
            Path root = layout.root();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> !p.equals(root)).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
            for (Path p : files) {
                String name = root.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    tar.write(TarEntry.directory(name, 0755, 0, 0, mtime), InputStream.nullInputStream());
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        tar.write(TarEntry.file(name, 0644, 0, 0, mtime, Files.size(p)), in);
                    }
                }
            }
            tar.finish();
            buffered.flush();
        });
    }

    /** Extracts an oci-archive into {@code dir} (which must be empty or missing) and opens it as a layout. */
    public static OciLayout extract(Path file, Path dir) {
        try (InputStream in = Files.newInputStream(file);
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
            Files.createDirectories(dir);
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.startsWith("/") || name.contains("..") || !(entry.isFile() || entry.isDirectory())) {
                    throw new DistillException(file + " is not a plain OCI archive: entry '" + name + "' refused");
                }
                Path target = dir.resolve(name).normalize();
                if (!target.startsWith(dir)) {
                    throw new DistillException(file + ": entry '" + name + "' escapes the archive");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        } catch (IOException e) {
            throw new DistillException("cannot read OCI archive " + file + ": " + e.getMessage(), e);
        }
        return OciLayout.open(dir);
    }
}
