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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a build produced, remembered for its configuration (the spec's text, the options that change bytes, the
 * mirrors, Distill's own code, the lock file's path) with the lock it was built from. An unchanged build finds its
 * record, checks that the layout still holds every blob, and at most tags: it reads no package and no layer.
 *
 * <p>A record is a few lines of text, compared exactly, so that an unchanged build costs little more than the JVM's
 * start: it computes no digest (the JDK's SHA-256 runs interpreted at that point, and setting up its provider costs
 * as much again). The lock is known by its SHA-256 and by its file status when that was taken (size, times, inode);
 * while the status is the same the lock has not been written since, as git trusts its index. The status is kept
 * only when the lock's last change was more than {@link #SETTLED} before, so that a write in the same clock tick
 * as the one recorded cannot go unseen; otherwise the lock is hashed again.
 * <pre>
 * distill build record 4
 * inputs ESCAPED            (the configuration, one line: newlines as \n, backslashes as \\)
 * lock SHA256 [STATUS]      (the lock's digest, and its file status when taken)
 * index ESCAPED             (index.json as the build left it)
 * arch amd64 SIZE PACKAGES LAYERS SHARED [DEV-SIZE DEV-PACKAGES DEV-LAYERS]
 * blob sha256:HEX           (every blob the build wrote or reused)
 * entry {JSON descriptor}   (what index.json lists; read only to tag again)
 * </pre>
 */
public final class BuildRecords {
    private static final String HEADER = "distill build record 4";
    private static final Duration SETTLED = Duration.ofSeconds(2);

    /** What decides a build: its configuration and the lock it is built from. */
    public record Key(String inputs, Path lockFile) {
    }

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
    private final Duration settled;

    public BuildRecords(Cache cache) {
        this(cache, SETTLED);
    }

    /** Records that keep a lock's file status once its last change is {@code settled} old (tests shorten it). */
    BuildRecords(Cache cache, Duration settled) {
        this.cache = cache;
        this.settled = settled;
    }

    /**
     * The key of a build from {@code lockFile}: the spec's text, the options that change bytes, the mirrors, and
     * {@code code}, which identifies Distill's code (its jar), so a new version builds afresh.
     */
    public static Key key(String specText, Path lockFile, PairBuildOptions options, List<String> archs, Mirrors mirrors,
                          String code) {
        List<String> inputs = List.of(LayerCache.FORMAT, code, specText, lockFile.toAbsolutePath().toString(),
                options.compression().toString(), String.valueOf(options.sourceDateEpoch()),
                Integer.toString(options.runtimeLayers()), Integer.toString(options.devLayers()),
                Boolean.toString(options.runtimeOnly()), String.join(",", archs), mirrors.main().toString(),
                mirrors.security().toString());
        return new Key(String.join("\n", inputs), lockFile);
    }

    /** The record of {@code key} when {@code layout} still holds every blob the build wrote. */
    public Optional<Found> find(Key key, OciLayout layout) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 4 || !lines.get(0).equals(HEADER)
                    || !lines.get(1).equals("inputs " + escape(key.inputs()))
                    || !sameLock(lines.get(2), key.lockFile())) {
                return Optional.empty();
            }
            String index = null;
            List<ArchSummary> archs = new ArrayList<>();
            List<String> entries = new ArrayList<>();
            for (String line : lines.subList(3, lines.size())) {
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
            if (!indexText(layout).equals(index)) {
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
    public void store(Key key, List<Descriptor> entries, List<ArchSummary> archs, OciLayout layout) {
        try {
            StringBuilder record = new StringBuilder(HEADER).append('\n');
            record.append("inputs ").append(escape(key.inputs())).append('\n');
            record.append(lockLine(key.lockFile())).append('\n');
            record.append("index ").append(indexText(layout)).append('\n');
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

    /** {@code lock SHA256 [STATUS]}: the status only once the lock has settled (see the class comment). */
    private String lockLine(Path lockFile) throws IOException {
        Map<String, Object> before = attributes(lockFile);
        String digest = Hashing.sha256Hex(Files.readAllBytes(lockFile));
        String status = status(before);
        boolean hasSettled = ((FileTime) before.get("ctime")).toInstant().isBefore(Instant.now().minus(settled));
        return "lock " + digest + (hasSettled && status.equals(status(attributes(lockFile))) ? " " + status : "");
    }

    private static boolean sameLock(String line, Path lockFile) throws IOException {
        String[] recorded = line.split(" ", 3);
        if (recorded.length < 2 || !recorded[0].equals("lock")) {
            return false;
        }
        if (recorded.length == 3 && recorded[2].equals(status(attributes(lockFile)))) {
            return true;
        }
        return recorded[1].equals(Hashing.sha256Hex(Files.readAllBytes(lockFile)));
    }

    private static Map<String, Object> attributes(Path file) throws IOException {
        return Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,dev,ino");
    }

    /** Size, modification and change times (nanoseconds), device and inode: what a write or a replacement changes. */
    private static String status(Map<String, Object> a) {
        return a.get("size") + " " + nanos(a.get("lastModifiedTime")) + " " + nanos(a.get("ctime")) + " "
                + a.get("dev") + " " + a.get("ino");
    }

    private static long nanos(Object time) {
        Instant instant = ((FileTime) time).toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String indexText(OciLayout layout) throws IOException {
        return escape(Files.readString(layout.root().resolve("index.json")));
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

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The record's file: named by a 64-bit FNV-1a hash of the inputs, which the record then holds in full. */
    private Path file(Key key) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < key.inputs().length(); i++) {
            hash = (hash ^ key.inputs().charAt(i)) * 0x100000001b3L;
        }
        return cache.dir("builds").resolve(HexFormat.of().toHexDigits(hash));
    }
}
