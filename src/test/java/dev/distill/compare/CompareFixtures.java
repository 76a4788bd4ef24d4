package dev.distill.compare;

import dev.distill.testing.Cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the compare and catalog tests share: the synthetic pairs' library versions and a small tracker database. */
final class CompareFixtures {
    static final String GLIBC = "2.37-1";
    static final String ZLIB = "1:1.3.dfsg+really1.3.1-1";

    private CompareFixtures() {
    }

    /**
     * {@code distill db update} from tracker data with glibc's CVE-2023-4911 (high, fixed after {@link #GLIBC}) and
     * dpkg's CVE-2025-6297 (low, open), into {@code dir/db}.
     */
    static Path trackerDatabase(Path dir, Cli cli) throws IOException {
        Path db = dir.resolve("db");
        Path tracker = dir.resolve("tracker.json");
        Files.writeString(tracker, """
                {"glibc": {"CVE-2023-4911": {"releases": {"trixie": {"status": "resolved",
                  "fixed_version": "2.37-12", "urgency": "high"}}}},
                 "dpkg": {"CVE-2025-6297": {"releases": {"trixie": {"status": "open", "urgency": "low"}}}}}
                """);
        Cli.Result update = cli.run("db", "update", "--db", db.toString(), "--tracker", tracker.toString(), "--no-osv");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        return db;
    }
}
