package dev.distill.app;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Image;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/** Reads what an image's layers hold, as tests check it: per path the type, mode, owner and (small) content. */
final class ImageFiles {
    private ImageFiles() {
    }

    /** One tar entry: type letter (f, d, l, h), octal mode, uid:gid, size, and (small) content or link target. */
    record File(String type, String mode, String owner, long size, String content) {
        @Override
        public String toString() {
            return type + " " + mode + " " + owner + " " + content;
        }
    }

    /** The entries of each layer in order (index 0: the first layer). */
    static List<Map<String, File>> layers(Image image) throws IOException {
        List<Map<String, File>> layers = new ArrayList<>();
        for (Descriptor layer : image.layers()) {
            layers.add(layer(image, layer));
        }
        return layers;
    }

    /** Every path the image's layers hold, a later layer's entry replacing an earlier one's (whiteouts kept). */
    static Map<String, File> merged(Image image) throws IOException {
        Map<String, File> merged = new TreeMap<>();
        layers(image).forEach(merged::putAll);
        return merged;
    }

    /** The bytes of the image's layer tars, uncompressed. */
    static long uncompressedSize(Image image) throws IOException {
        long size = 0;
        for (Descriptor layer : image.layers()) {
            try (InputStream in = new GZIPInputStream(image.blobs().open(layer.digest()))) {
                size += in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return size;
    }

    static Map<String, File> layer(Image image, Descriptor layer) throws IOException {
        Map<String, File> files = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(image.blobs().open(layer.digest()));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String type = entry.isDirectory() ? "d" : entry.isSymbolicLink() ? "l" : entry.isLink() ? "h" : "f";
                String content = entry.isSymbolicLink() || entry.isLink() ? entry.getLinkName()
                        : entry.isFile() && entry.getSize() < 4096
                        ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "";
                String name = entry.getName().endsWith("/")
                        ? entry.getName().substring(0, entry.getName().length() - 1) : entry.getName();
                files.put(name, new File(type, Integer.toOctalString(entry.getMode() & 07777),
                        entry.getLongUserId() + ":" + entry.getLongGroupId(), entry.getSize(), content));
            }
        }
        return files;
    }
}
