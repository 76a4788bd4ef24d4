package dev.distill.pair;

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
 * the layout still holds every blob, and at most tags — it reads no package and no layer. A record is a few lines
 * of text, read without a JSON mapper and without the layout's manifests, so that an unchanged build costs little
 * more than the JVM's start:
 * <pre>
 * distill build record 3
 * index HEX                 (SHA-256 of the index.json the build left)
 * arch amd64 SIZE PACKAGES LAYERS SHARED [DEV-SIZE DEV-PACKAGES DEV-LAYERS]
 * blob sha256:HEX           (every blob the build wrote or reused)
 * entry {JSON descriptor}   (what index.json lists; read only to tag again)
 * </pre>
 */
public final class BuildRecords {
    private static final String HEADER = "distill build record 3";

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

        String toLine() {
            return "arch " + arch + " " + runtimeSize + " " + runtimePackages + " " + runtimeLayers + " "
                    + sharedLayers + (devSize == null ? "" : " " + devSize + " " + devPackages + " " + devLayers);
        }

        static ArchSummary fromLine(String line) {
            String[] f = line.split(" ");
            boolean dev = f.length == 9;
            if (f.length != 6 && !dev) {
                throw new IllegalArgumentException("not a summary line: " + line);
            }
            return new ArchSummary(f[1], Long.parseLong(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    dev ? Long.valueOf(f[6]) : null, dev ? Integer.valueOf(f[7]) : null,
                    dev ? Integer.valueOf(f[8]) : null, Integer.parseInt(f[5]));
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
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                return Optional.empty();
            }
            String index = null;
            List<ArchSummary> archs = new ArrayList<>();
            List<String> entries = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                String value = line.substring(space + 1);
                switch (line.substring(0, Math.max(0, space))) {
                    case "index" -> index = value;
                    case "arch" -> archs.add(ArchSummary.fromLine(line));
                    case "blob" -> {
                        if (!layout.has(Digest.parse(value))) {
                            return Optional.empty();
                        }
                    }
                    case "entry" -> entries.add(value);
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            List<Descriptor> retag = new ArrayList<>();
            if (!indexDigest(layout).equals(index)) {
                for (String entry : entries) {
                    retag.add(Json.mapper().readValue(entry, Descriptor.class));
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
            StringBuilder record = new StringBuilder(HEADER).append('\n');
            record.append("index ").append(indexDigest(layout)).append('\n');
            archs.forEach(a -> record.append(a.toLine()).append('\n'));
            Set<Digest> blobs = new LinkedHashSet<>();
            entries.forEach(entry -> collectBlobs(layout, entry, blobs));
            blobs.forEach(b -> record.append("blob ").append(b).append('\n'));
            for (Descriptor entry : entries) {
                record.append("entry ").append(Json.mapper().writeValueAsString(entry)).append('\n');
            }
            AtomicFiles.write(file(key), record.toString().getBytes(StandardCharsets.UTF_8));
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
