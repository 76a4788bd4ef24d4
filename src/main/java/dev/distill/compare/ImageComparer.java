package dev.distill.compare;

import dev.distill.oci.Image;
import dev.distill.vuln.ScanResult;
import dev.distill.vuln.VulnerabilityDb;
import dev.distill.vuln.VulnerabilityScanner;

/**
 * Compares two images: reads each one's file system once (or takes what it gave from {@code cache}), scans it when
 * a database is given.
 */
public final class ImageComparer {
    private final VulnerabilityDb db;
    private final FactsCache cache;

    /** {@code db} may be null: the comparison then says there is no database instead of counting. */
    public ImageComparer(VulnerabilityDb db, FactsCache cache) {
        this.db = db;
        this.cache = cache;
    }

    public Comparison compare(String nameA, Image a, String nameB, Image b) {
        return Comparison.of(facts(nameA, a), facts(nameB, b), db == null ? Comparison.NO_DATABASE : null);
    }

    private ImageFacts facts(String name, Image image) {
        FileSystemFacts read = cache.facts(image);
        ScanResult scan = db == null ? null : new VulnerabilityScanner(db)
                .scan(read.sbom(name, image), VulnerabilityScanner.Options.DEFAULT);
        return ImageFacts.of(name, image, read, scan);
    }
}
