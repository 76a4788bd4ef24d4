package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.compare.CatalogReport;
import dev.distill.compare.CatalogReporter;
import dev.distill.compare.CatalogReports;
import dev.distill.oci.OciLayout;
import dev.distill.spec.Catalog;
import dev.distill.spec.ImageSpec;
import dev.distill.vuln.VulnerabilityDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"The catalog of pairs: ./catalog/*.yaml when the working directory has that folder, else the",
            "specs bundled in distill."},
        subcommands = {CatalogCommand.ListPairs.class, CatalogCommand.Report.class})
final class CatalogCommand {
    @ParentCommand
    DistillCommand parent;

    private List<ImageSpec> specs() {
        return new Catalog(parent.console().workingDir()).pairs().stream().map(Catalog.Found::spec).toList();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every pair: its spec, runtime image, dev image and architectures.")
    static final class ListPairs implements Callable<Integer> {
        @ParentCommand
        CatalogCommand catalog;

        @Override
        public Integer call() {
            Console console = catalog.parent.console();
            console.out().print(CatalogReports.list(catalog.specs()));
            console.out().flush();
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Every pair side by side, read from an OCI layout: compressed size and packages of the",
                "runtime and dev images, layers shared, and vulnerability counts when a database exists.",
                "Build the images first, e.g. for each pair: distill build NAME --arch amd64 -o out",
                "Example: distill catalog report --format markdown --layout out"})
    static final class Report implements Callable<Integer> {
        @ParentCommand
        CatalogCommand catalog;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
                description = "text, markdown, json or html; default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--layout", paramLabel = "DIR", defaultValue = "out",
                description = "The OCI layout holding the images (default: ${DEFAULT-VALUE}).")
        Path layout;

        @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "amd64",
                description = "Debian architecture of the images compared (default: ${DEFAULT-VALUE}).")
        String arch;

        @Option(names = "--no-scan",
                description = "Leave vulnerability counts out even when a database exists (a table that must not "
                        + "change with the database, such as the README's).")
        boolean noScan;

        @Mixin
        VulnerabilityDbOption database;

        @Mixin
        CommandOutput output;

        @Override
        public Integer call() {
            Console console = catalog.parent.console();
            String chosen = format.toLowerCase(Locale.ROOT);
            if (!List.of("text", "markdown", "md", "json", "html").contains(chosen)) {
                throw new DistillException("unknown report format '" + format + "' (use text, markdown, json or html)");
            }
            Path layoutDir = console.workingDir().resolve(layout);
            if (!OciLayout.isLayout(layoutDir)) {
                throw new DistillException(layoutDir + " is not an OCI layout: build the catalog's pairs into it first "
                        + "(distill build NAME --arch " + arch + " -o " + layout + ")");
            }
            CatalogReport report;
            try (VulnerabilityDb db = noScan ? null : database.openIfPresent(console)) {
                report = new CatalogReporter(Services.comparer(console, db)).report(catalog.specs(), OciLayout.open(layoutDir),
                        arch);
            }
            switch (chosen) {
                case "markdown", "md" -> output.emit(console, CatalogReports.markdown(report));
                case "json" -> output.emit(console, CatalogReports.json(report));
                case "html" -> output.emit(console, CatalogReports.html(report));
                default -> output.emit(console, CatalogReports.text(report));
            }
            return 0;
        }
    }
}
