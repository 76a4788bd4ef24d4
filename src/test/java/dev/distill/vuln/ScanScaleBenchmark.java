package dev.distill.vuln;

import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;
import dev.distill.sbom.ImageInventory;
import dev.distill.sbom.Sbom;
import dev.distill.sbom.SbomSubject;
import dev.distill.testing.DebianImages;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scans one synthetic dev image (400 packages from 200 source packages) against two generated Debian tracker data
 * sets, 1,000 and 100,000 advisories, and prints how much longer the scan takes against the large one. Run by
 * {@code bench/scan-scale.sh}; exits 1 when the ratio is 2 or more.
 */
public final class ScanScaleBenchmark {
    private static final int SOURCES_IN_IMAGE = 200;
    private static final int ROUNDS = 15;

    private ScanScaleBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("distill-scan-bench");
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("out"));
        DebianImages images = new DebianImages(layout, "13", "trixie");
        List<DebianImages.Package> runtime = new ArrayList<>();
        List<DebianImages.Package> dev = new ArrayList<>();
        for (int s = 0; s < SOURCES_IN_IMAGE; s++) {
            String source = "src" + s;
            runtime.add(DebianImages.Package.of("lib" + source, "1.0-1", source, DebianImages.dep5("MIT"),
                    "usr/lib/lib" + source + ".so.1"));
            dev.add(DebianImages.Package.of("lib" + source + "-dev", "1.0-1", source, DebianImages.dep5("MIT"),
                    "usr/include/" + source + ".h"));
        }
        images.pair("bench", "1", runtime, dev, List.of("amd64"));
        Image image = ImageReader.image(layout, layout.resolve("bench:1-dev"), "bench:1-dev",
                Platform.ofDebianArch("amd64"));

        long readStart = System.nanoTime();
        Sbom sbom = ImageInventory.read(image).sbom(SbomSubject.of("bench:1-dev", image));
        double readMillis = (System.nanoTime() - readStart) / 1e6;

        double small = measure(dir, sbom, 1_000);
        double large = measure(dir, sbom, 100_000);
        double ratio = large / small;
        System.out.printf(Locale.ROOT, "image: %d packages (reading its layers: %.1f ms, the same for both)%n",
                sbom.packages().size(), readMillis);
        System.out.printf(Locale.ROOT, "scan against   1,000 advisories: %.3f ms (median of %d)%n", small, ROUNDS);
        System.out.printf(Locale.ROOT, "scan against 100,000 advisories: %.3f ms (median of %d)%n", large, ROUNDS);
        System.out.printf(Locale.ROOT, "ratio 100k/1k: %.2f (must be < 2)%n", ratio);
        System.exit(ratio < 2 ? 0 : 1);
    }

    /** Builds a database of {@code advisories} entries and returns the median time of opening it and scanning. */
    private static double measure(Path dir, Sbom sbom, int advisories) throws IOException {
        Path tracker = dir.resolve("tracker-" + advisories + ".json");
        writeTracker(tracker, advisories);
        Path db = dir.resolve("db-" + advisories);
        new DbUpdate(note -> { }).run(new DbUpdate.Request(db, tracker.toString(), null));
        double[] times = new double[ROUNDS];
        for (int round = -10; round < ROUNDS; round++) {
            long start = System.nanoTime();
            int findings;
            try (VulnerabilityDb opened = VulnerabilityDb.open(db)) {
                findings = new VulnerabilityScanner(opened).scan(sbom, VulnerabilityScanner.Options.DEFAULT)
                        .findings().size();
            }
            if (round >= 0) {
                times[round] = (System.nanoTime() - start) / 1e6;
            }
            if (findings == 0) {
                throw new IllegalStateException("the data set should affect the image");
            }
        }
        Arrays.sort(times);
        return times[ROUNDS / 2];
    }

    /**
     * {@code count} advisories over {@code count / 5} source packages; the image's 200 sources each get five,
     * so every scan finds the same 2,000 findings whatever the data's size.
     */
    private static void writeTracker(Path file, int count) throws IOException {
        int sources = Math.max(SOURCES_IN_IMAGE, count / 5);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\n");
            int written = 0;
            for (int s = 0; s < sources; s++) {
                out.write((s == 0 ? "" : ",\n") + "\"src" + s + "\": {");
                for (int v = 0; v < 5 && written < count; v++, written++) {
                    out.write((v == 0 ? "" : ",") + "\"CVE-2099-" + (100000 + written) + "\": {\"description\": "
                            + "\"synthetic\", \"releases\": {\"trixie\": {\"status\": \"resolved\", "
                            + "\"fixed_version\": \"1.0-2\", \"urgency\": \"medium\"}}}");
                }
                out.write("}");
            }
            out.write("\n}\n");
        }
    }
}
