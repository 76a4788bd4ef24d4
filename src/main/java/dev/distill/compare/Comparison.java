package dev.distill.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Two images side by side, and what the second adds: its packages that the first lacks, each with its size,
 * largest first.
 *
 * @param databaseNote null when both were scanned; otherwise why there are no vulnerability counts
 */
public record Comparison(ImageFacts a, ImageFacts b, int sharedLayers, List<ImageFacts.PackageSize> added,
                         String databaseNote) {

    public static final String NO_DATABASE = "no database: run distill db update";

    public static Comparison of(ImageFacts a, ImageFacts b, String databaseNote) {
        Set<Object> aLayers = new HashSet<>(a.layers());
        int shared = (int) b.layers().stream().filter(aLayers::contains).count();
        List<ImageFacts.PackageSize> added = new ArrayList<>();
        for (ImageFacts.PackageSize p : b.packages().values()) {
            if (!a.packages().containsKey(p.key())) {
                added.add(p);
            }
        }
        added.sort(Comparator.comparingLong(ImageFacts.PackageSize::bytes).reversed()
                .thenComparing(ImageFacts.PackageSize::name));
        return new Comparison(a, b, shared, List.copyOf(added), databaseNote);
    }

    public long addedBytes() {
        return added.stream().mapToLong(ImageFacts.PackageSize::bytes).sum();
    }
}
