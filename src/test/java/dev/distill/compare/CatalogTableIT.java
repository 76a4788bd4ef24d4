package dev.distill.compare;

import dev.distill.testing.BuiltPairs;
import dev.distill.testing.Cli;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's catalog table is {@code distill catalog report --format markdown} of the catalog as it builds now, so
 * it cannot drift from the specs or from the packages the mirror serves.
 */
class CatalogTableIT {
    static final String BEGIN = "<!-- catalog:begin -->\n";
    static final String END = "<!-- catalog:end -->";

    @Test
    void theReadmesCatalogTableIsTheReportOfTheCatalogBuiltNow() throws IOException {
        BuiltPairs.Built catalog = BuiltPairs.catalog();
        Cli.Result report = Cli.withCache(catalog.workDir(), catalog.cache()).run("catalog", "report", "--format",
                "markdown", "--layout", catalog.layout().toString(), "--no-scan");
        assertThat(report.exitCode()).as(report.toString()).isZero();

        Path root = Processes.projectRoot();
        String readme = Files.readString(root.resolve("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has a line " + BEGIN.strip()).isNotNegative();
        assertThat(end).as("README.md has a line " + END + " after " + BEGIN.strip()).isGreaterThan(begin);
        Path current = root.resolve("target/catalog-table.md");
        Files.writeString(current, report.out());
        assertThat(readme.substring(begin + BEGIN.length(), end))
                .as("README.md's catalog table against the report of the catalog built now (written to " + current
                        + "); regenerate it as README.md's Catalog section says")
                .isEqualTo(report.out());
    }
}
