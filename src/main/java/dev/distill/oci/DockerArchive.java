package dev.distill.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.luben.zstd.ZstdInputStream;
import dev.distill.common.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Writes images in the format {@code docker save} produces and {@code docker load} / {@code podman load} read:
 * {@code manifest.json}, configs and uncompressed layer tars named by their diff ids. Layers shared by several
 * images are written once.
 */
public final class DockerArchive {
    /** One entry of {@code manifest.json}. */
    record Entry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                 @JsonProperty("Layers") List<String> layers) {
    }

    private DockerArchive() {
    }

    /** Writes {@code images} (each with the tag it gets) to {@code file}. */
    public static void write(List<Image> images, List<String> tags, Path file, long mtime) {
        AtomicFiles.write(file, out -> {
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            TarWriter tar = new TarWriter(buffered);
            tar.write(TarEntry.directory("blobs", 0755, 0, 0, mtime), InputStream.nullInputStream());
            tar.write(TarEntry.directory("blobs/sha256", 0755, 0, 0, mtime), InputStream.nullInputStream());
            Set<String> written = new LinkedHashSet<>();
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                Image image = images.get(i);
                String configName = "blobs/sha256/" + image.manifest().config().digest().hex();
                if (written.add(configName)) {
                    byte[] config = image.blobs().read(image.manifest().config().digest());
                    tar.write(TarEntry.file(configName, 0644, 0, 0, mtime, config.length),
                            new ByteArrayInputStream(config));
                }
                List<String> layerNames = new ArrayList<>();
                List<Descriptor> layers = image.layers();
                for (int l = 0; l < layers.size(); l++) {
                    Digest diffId = image.config().diffIds().get(l);
                    String name = "blobs/sha256/" + diffId.hex();
                    layerNames.add(name);
                    if (written.add(name)) {
                        writeUncompressed(tar, image, layers.get(l), name, mtime);
                    }
                }
                entries.add(new Entry(configName, List.of(tags.get(i)), layerNames));
            }
            byte[] manifest = OciJson.write(entries);
            tar.write(TarEntry.file("manifest.json", 0644, 0, 0, mtime, manifest.length),
                    new ByteArrayInputStream(manifest));
            tar.finish();
            buffered.flush();
        });
    }

    private static void writeUncompressed(TarWriter tar, Image image, Descriptor layer, String name, long mtime)
            throws IOException {
        long size;
        try (InputStream in = uncompressed(image.blobs().open(layer.digest()), layer.mediaType())) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        try (InputStream in = uncompressed(image.blobs().open(layer.digest()), layer.mediaType())) {
            tar.write(TarEntry.file(name, 0644, 0, 0, mtime, size), in);
        }
    }

    static InputStream uncompressed(InputStream blob, String mediaType) throws IOException {
        if (MediaTypes.isGzipLayer(mediaType)) {
            return new GZIPInputStream(blob, 1 << 16);
        }
        if (MediaTypes.isZstdLayer(mediaType)) {
            return new ZstdInputStream(blob);
        }
        return blob;
    }
}
