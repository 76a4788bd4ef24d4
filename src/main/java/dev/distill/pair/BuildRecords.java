package dev.distill.pair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.common.AtomicFiles;
import dev.distill.common.Hashing;
import dev.distill.common.Json;
import dev.distill.debian.Mirrors;
import dev.distill.fetch.Cache;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a build produced, remembered under the digest of everything that decides it (the spec, the lock, the
 * options that change bytes, the mirrors, Distill's own code): an unchanged build finds its record, checks that
 * the layout still holds every blob, and at most tags — it reads no package and no layer. Records are read as a
 * JSON tree, and the layout's manifests not at all, so that an unchanged build costs little more than the JVM's
 * start.
 */
public final class BuildRecords {
    private static final int FORMAT = 2;

    /**
     * What an earlier, identical build left: the summary it printed, and the entries to list in the layout's index
     * again — empty when {@code index.json} is still the one the build wrote.
     */
    public record Found(List<ArchSummary> archs, List<Descriptor> retag) {
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

        ObjectNode toJson(ObjectNode node) {
            node.put("arch", arch).put("runtimeSize", runtimeSize).put("runtimePackages", runtimePackages)
                    .put("runtimeLayers", runtimeLayers).put("sharedLayers", sharedLayers);
            if (devSize != null) {
                node.put("devSize", devSize).put("devPackages", devPackages).put("devLayers", devLayers);
            }
            return node;
        }

        static ArchSummary fromJson(JsonNode node) {
            boolean dev = node.hasNonNull("devSize");
            return new ArchSummary(node.get("arch").asText(), node.get("runtimeSize").asLong(),
                    node.get("runtimePackages").asInt(), node.get("runtimeLayers").asInt(),
                    dev ? node.get("devSize").asLong() : null, dev ? node.get("devPackages").asInt() : null,
                    dev ? node.get("devLayers").asInt() : null, node.get("sharedLayers").asInt());
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
        List<String> inputs = List.of(LayerCache.FORMAT, code, specText, Hashing.sha256Hex(lockBytes),
                options.compression().toString(), String.valueOf(options.sourceDateEpoch()),
                Integer.toString(options.runtimeLayers()), Integer.toString(options.devLayers()),
                Boolean.toString(options.runtimeOnly()), String.join(",", archs), mirrors.main().toString(),
                mirrors.security().toString());
        return Hashing.sha256Hex(String.join("\n", inputs).getBytes(StandardCharsets.UTF_8));
    }

    /** The record of {@code key} when {@code layout} still holds every blob the build wrote. */
    public Optional<Found> find(String key, OciLayout layout) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode record = Json.mapper().readTree(file.toFile());
            if (record.path("format").asInt() != FORMAT) {
                return Optional.empty();
            }
            for (JsonNode blob : record.get("blobs")) {
                if (!layout.has(Digest.parse(blob.asText()))) {
                    return Optional.empty();
                }
            }
            List<ArchSummary> archs = new ArrayList<>();
            record.get("archs").forEach(a -> archs.add(ArchSummary.fromJson(a)));
            List<Descriptor> retag = new ArrayList<>();
            if (!record.get("index").asText().equals(indexDigest(layout))) {
                for (JsonNode entry : record.get("entries")) {
                    retag.add(Json.mapper().treeToValue(entry, Descriptor.class));
                }
            }
            return Optional.of(new Found(List.copyOf(archs), List.copyOf(retag)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers what a build wrote to {@code layout}, whose index now lists {@code entries}. */
    public void store(String key, List<Descriptor> entries, List<ArchSummary> archs, OciLayout layout) {
        try {
            ObjectNode record = Json.mapper().createObjectNode();
            record.put("format", FORMAT);
            ArrayNode entriesJson = record.putArray("entries");
            entries.forEach(entry -> entriesJson.add(Json.mapper().<JsonNode>valueToTree(entry)));
            Set<Digest> blobs = new LinkedHashSet<>();
            entries.forEach(entry -> collectBlobs(layout, entry, blobs));
            ArrayNode blobsJson = record.putArray("blobs");
            blobs.forEach(b -> blobsJson.add(b.toString()));
            ArrayNode archsJson = record.putArray("archs");
            archs.forEach(a -> a.toJson(archsJson.addObject()));
            record.put("index", indexDigest(layout));
            AtomicFiles.write(file(key), Json.mapper().writeValueAsBytes(record));
        } catch (IOException | RuntimeException e) {
            // a missing record only means the next unchanged build does the work again
        }
    }

    private static String indexDigest(OciLayout layout) throws IOException {
        return Hashing.sha256Hex(Files.readAllBytes(layout.root().resolve("index.json")));
    }

    /** Every blob under {@code d}: itself, and the manifests, configs and layers it leads to. */
    private static void collectBlobs(OciLayout layout, Descriptor d, Set<Digest> blobs) {
        blobs.add(d.digest());
        if (MediaTypes.isIndex(d.mediaType())) {
            ImageIndex index = OciJson.read(layout.read(d.digest()), ImageIndex.class, "index " + d.digest());
            index.manifests().forEach(m -> collectBlobs(layout, m, blobs));
        } else if (MediaTypes.isManifest(d.mediaType())) {
            Manifest manifest = OciJson.read(layout.read(d.digest()), Manifest.class, "manifest " + d.digest());
            blobs.add(manifest.config().digest());
            manifest.layers().forEach(l -> blobs.add(l.digest()));
        }
    }

    private Path file(String key) {
        return cache.dir("builds").resolve(key + ".json");
    }
}
