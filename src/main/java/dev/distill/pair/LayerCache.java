package dev.distill.pair;

import dev.distill.common.AtomicFiles;
import dev.distill.common.Hashing;
import dev.distill.common.Json;
import dev.distill.debian.Deb822;
import dev.distill.fetch.Cache;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Layer;
import dev.distill.oci.OciLayout;
import dev.distill.layers.InstalledPackage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Layers already built, keyed by everything that decides their bytes (the packages' digests, how they are
 * unpacked, the compression, the timestamp, and this format's version): a rebuild takes the blob from the cache
 * without unpacking or compressing anything, and with it what the packages installed (for the effects and the
 * SBOMs). Blobs live in the content-addressed cache, next to the packages; a key's record is written last.
 */
final class LayerCache {
    /** Bump when unpacking, effects or capture rules change what a cached layer or record would hold. */
    static final String FORMAT = "distill-layer-4";

    /** What a cached key points at. */
    record Entry(Descriptor descriptor, Digest diffId, long uncompressedSize, List<CachedPackage> packages) {
    }

    /** {@link InstalledPackage}, with its control paragraph as text. */
    record CachedPackage(String name, String version, String architecture, String multiArch, String control,
                         List<String> paths, List<String> md5sums, Map<String, String> conffiles,
                         List<InstalledPackage.Alternative> alternatives, Map<String, String> links,
                         Map<String, byte[]> captured, List<String> setIdCleared) {
        static CachedPackage of(InstalledPackage p) {
            return new CachedPackage(p.name(), p.version(), p.architecture(), p.multiArch(), p.control().format(),
                    p.paths(), p.md5sums(), p.conffiles(), p.alternatives(), p.links(), p.captured(), p.setIdCleared());
        }

        InstalledPackage installed() {
            return new InstalledPackage(name, version, architecture, multiArch, Deb822.parseOne(control, name),
                    paths, md5sums, conffiles, alternatives, links, captured, setIdCleared);
        }
    }

    /** A layer found in the cache, now also in the layout. */
    record Hit(Layer layer, List<InstalledPackage> packages) {
    }

    private final Cache cache;

    LayerCache(Cache cache) {
        this.cache = cache;
    }

    /** The key of a layer: SHA-256 of its inputs, each on its own line. */
    static String key(List<String> inputs) {
        return Hashing.sha256Hex(String.join("\n", inputs).concat("\n" + FORMAT).getBytes(StandardCharsets.UTF_8));
    }

    /** The cached layer for {@code key}, linked into {@code layout}; empty when not cached (or its blob is gone). */
    Optional<Hit> find(String key, OciLayout layout) {
        Path record = record(key);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            Entry entry = Json.mapper().readValue(record.toFile(), Entry.class);
            Path blob = cache.file(entry.descriptor().digest().hex());
            if (!Files.isRegularFile(blob) || Files.size(blob) != entry.descriptor().size()) {
                return Optional.empty();
            }
            layout.copyBlobFrom(blob, entry.descriptor().digest());
            List<InstalledPackage> packages = entry.packages().stream().map(CachedPackage::installed).toList();
            return Optional.of(new Hit(new Layer(entry.descriptor(), entry.diffId(), entry.uncompressedSize()), packages));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Remembers a layer just written to {@code layout}. A cache that cannot be written is skipped, not fatal. */
    void store(String key, Layer layer, List<InstalledPackage> packages, OciLayout layout) {
        try {
            Path blob = cache.file(layer.descriptor().digest().hex());
            if (!Files.exists(blob)) {
                Files.createDirectories(blob.getParent());
                Path tmp = Files.createTempFile(cache.tmpDir(), "layer", ".tmp");
                Files.delete(tmp);
                try {
                    Files.createLink(tmp, layout.blobPath(layer.descriptor().digest()));
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(layout.blobPath(layer.descriptor().digest()), tmp);
                }
                AtomicFiles.moveIntoPlace(tmp, blob);
            }
            Entry entry = new Entry(layer.descriptor(), layer.diffId(), layer.uncompressedSize(),
                    packages.stream().map(CachedPackage::of).toList());
            AtomicFiles.write(record(key), Json.mapper().writeValueAsBytes(entry));
        } catch (IOException | RuntimeException e) {
            // the cache only saves time; the build itself succeeded
        }
    }

    private Path record(String key) {
        return cache.dir("layers").resolve(key + ".json");
    }
}
