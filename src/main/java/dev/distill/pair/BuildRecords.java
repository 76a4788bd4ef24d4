package dev.distill.pair;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill.common.AtomicFiles;
import dev.distill.common.Hashing;
import dev.distill.common.Json;
import dev.distill.debian.Mirrors;
import dev.distill.fetch.Cache;
import dev.distill.oci.Descriptor;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a build produced, remembered under the digest of everything that decides it (the spec, the lock, the
 * options that change bytes, the mirrors, Distill's own code): an unchanged build finds its record, checks that
 * the layout still holds every blob, and only tags — it reads no package and no layer.
 */
public final class BuildRecords {
    private static final ObjectMapper JSON = Json.mapper();

    /** A build's outcome: what the layout's index lists, and the numbers the summary prints. */
    public record Record(List<Descriptor> entries, List<ArchSummary> archs) {
    }

    /** One architecture's summary line(s). Dev fields are null for a runtime-only build. */
    public record ArchSummary(String arch, long runtimeSize, int runtimePackages, int runtimeLayers, Long devSize,
                              Integer devPackages, Integer devLayers, int sharedLayers) {
        public static ArchSummary of(ArchImages a) {
            return new ArchSummary(a.arch(), a.runtime().layersSize(), a.runtimePackages().size(),
                    a.runtime().layers().size(), a.dev() == null ? null : a.dev().layersSize(),
                    a.dev() == null ? null : a.devPackages().size(), a.dev() == null ? null : a.dev().layers().size(),
                    a.sharedLayers());
        }
    }

    private final Cache cache;

    public BuildRecords(Cache cache) {
        this.cache = cache;
    }

    /**
     * The key of a build: the spec's and the lock's text, the options that change bytes, the mirrors, and
     * {@code code}, which identifies Distill's code (its jar), so a new version builds afresh.
     */
    public static String key(String specText, byte[] lockBytes, BuildOptions options, List<String> archs,
                             Mirrors mirrors, String code) {
        {
            List<String> inputs = List.of(LayerCache.FORMAT, code, specText, Hashing.sha256Hex(lockBytes),
                    options.compression().toString(), String.valueOf(options.sourceDateEpoch()),
                    Integer.toString(options.runtimeLayers()), Integer.toString(options.devLayers()),
                    Boolean.toString(options.runtimeOnly()), String.join(",", archs), mirrors.main().toString(),
                    mirrors.security().toString());
            return Hashing.sha256Hex(String.join("\n", inputs).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The record of {@code key} when {@code layout} still holds everything it names. */
    public Optional<Record> find(String key, OciLayout layout) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Record record = JSON.readValue(file.toFile(), Record.class);
            for (Descriptor entry : record.entries()) {
                if (!complete(layout, entry)) {
                    return Optional.empty();
                }
            }
            return Optional.of(record);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void store(String key, PairResult result) {
        Record record = new Record(result.indexEntries(), result.archs().stream().map(ArchSummary::of).toList());
        try {
            AtomicFiles.write(file(key), JSON.writeValueAsBytes(record));
        } catch (IOException | RuntimeException e) {
            // a missing record only means the next unchanged build does the work again
        }
    }

    /** Whether every blob under {@code d} (indexes, manifests, configs, layers) is in the layout. */
    private static boolean complete(OciLayout layout, Descriptor d) {
        if (!layout.has(d.digest())) {
            return false;
        }
        if (MediaTypes.isIndex(d.mediaType())) {
            ImageIndex index = OciJson.read(layout.read(d.digest()), ImageIndex.class, "index " + d.digest());
            return index.manifests().stream().allMatch(m -> complete(layout, m));
        }
        if (MediaTypes.isManifest(d.mediaType())) {
            Manifest manifest = OciJson.read(layout.read(d.digest()), Manifest.class, "manifest " + d.digest());
            List<Descriptor> blobs = new ArrayList<>(manifest.layers());
            blobs.add(manifest.config());
            return blobs.stream().allMatch(b -> layout.has(b.digest()));
        }
        return true;
    }

    private Path file(String key) {
        return cache.dir("builds").resolve(key + ".json");
    }
}
