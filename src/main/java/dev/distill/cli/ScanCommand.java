package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.oci.Image;
import dev.distill.oci.LocalImage;
import dev.distill.sbom.ImageInventory;
import dev.distill.sbom.SbomSubject;
import dev.distill.vuln.ScanReports;
import dev.distill.vuln.ScanResult;
import dev.distill.vuln.Severity;
import dev.distill.vuln.VulnerabilityDb;
import dev.distill.vuln.VulnerabilityScanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"List the known vulnerabilities of an image's Debian packages, matched by source package and",
            "version against the database 'distill db update' builds. Debian's 'unimportant' entries are left out",
            "unless --include-unimportant; entries Debian marks not affected never count.",
            "Examples:",
            "  distill scan python:3.13",
            "  distill scan python:3.13-dev --format sarif -o scan.sarif --fail-on high"})
final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(paramLabel = "IMAGE", description = "An image name in the layout, e.g. python:3.13.")
    String image;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json or sarif; default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit with code 3 when a finding is at least this severe (negligible, low, medium, high, "
                    + "critical).")
    String failOn;

    @Option(names = "--only-fixable", description = "Only findings that a newer package version fixes.")
    boolean onlyFixable;

    @Option(names = "--include-unimportant", description = "Also list what Debian rates unimportant (as negligible).")
    boolean includeUnimportant;

    @Mixin
    CommandOutput output;

    @Mixin
    ImageOptions images;

    @Mixin
    VulnerabilityDbOption database;

    @Override
    public Integer call() {
        Console console = parent.console();
        Severity threshold = failOn == null ? null : Severity.parse(failOn);
        String chosen = format.toLowerCase(Locale.ROOT);
        if (!chosen.equals("table") && !chosen.equals("json") && !chosen.equals("sarif")) {
            throw new DistillException("unknown scan format '" + format + "' (use table, json or sarif)");
        }
        ScanResult result;
        try (LocalImage local = images.open(console, image);
             VulnerabilityDb db = VulnerabilityDb.open(database.dir(console))) {
            Image read = images.image(local);
            result = new VulnerabilityScanner(db).scan(ImageInventory.read(read).sbom(SbomSubject.of(local.name(), read)),
                    new VulnerabilityScanner.Options(includeUnimportant, onlyFixable));
        }
        switch (chosen) {
            case "json" -> output.emit(console, ScanReports.json(result));
            case "sarif" -> output.emit(console, ScanReports.sarif(result));
            default -> output.emit(console, ScanReports.table(result));
        }
        if (threshold != null && result.hasAtLeast(threshold)) {
            console.note(image + ": findings at or above " + threshold + " (" + ScanReports.summary(result) + ")");
            return ExitCode.CHECK_FAILED.code();
        }
        return 0;
    }
}
