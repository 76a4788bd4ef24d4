package dev.distill.compare;

import java.util.List;
import java.util.Objects;

/** Every pair of a catalog, runtime image beside dev image, for one architecture. */
public record CatalogReport(String arch, List<Row> rows) {

    public CatalogReport {
        rows = List.copyOf(rows);
    }

    /** One pair: the spec's name and its runtime image compared with its dev image. */
    public record Row(String pair, Comparison comparison) {
        public ImageFacts runtime() {
            return comparison.a();
        }

        public ImageFacts dev() {
            return comparison.b();
        }
    }

    /** Null when the images were scanned; otherwise why there are no vulnerability counts. */
    public String databaseNote() {
        return rows.stream().map(r -> r.comparison().databaseNote()).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
