package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.compare.Comparison;
import dev.distill.compare.ComparisonReports;
import dev.distill.oci.LocalImage;
import dev.distill.spec.ImageSpec;
import dev.distill.vuln.VulnerabilityDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two images side by side: compressed size, SBOM packages, vulnerabilities by",
            "severity (when a database exists), shell and package manager, shared layers; and what the second adds.",
            "With one argument, a spec: compares its runtime image with its dev image.",
            "Examples:",
            "  distill compare python",
            "  distill compare python:3.13 python:3.13-dev --format html -o compare.html"})
final class CompareCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(arity = "1..2", paramLabel = "SPEC | A B", description = "A spec (its pair), or two image names.")
    List<String> arguments;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, markdown, json or html; default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin
    CommandOutput output;

    @Mixin
    ImageOptions images;

    @Mixin
    VulnerabilityDbOption database;

    @Override
    public Integer call() {
        Console console = parent.console();
        String chosen = format.toLowerCase(Locale.ROOT);
        if (!List.of("text", "markdown", "md", "json", "html").contains(chosen)) {
            throw new DistillException("unknown compare format '" + format + "' (use text, markdown, json or html)");
        }
        String a = arguments.get(0);
        String b;
        if (arguments.size() == 2) {
            b = arguments.get(1);
        } else {
            ImageSpec spec = SpecArgument.find(console, a).spec();
            a = spec.runtimeRef();
            b = spec.devRef();
        }
        Comparison comparison;
        try (LocalImage first = images.open(console, a); LocalImage second = images.open(console, b);
             VulnerabilityDb db = database.openIfPresent(console)) {
            comparison = Services.comparer(console, db).compare(first.name(), images.image(first), second.name(),
                    images.image(second));
        }
        switch (chosen) {
            case "markdown", "md" -> output.emit(console, ComparisonReports.markdown(comparison));
            case "json" -> output.emit(console, ComparisonReports.json(comparison));
            case "html" -> output.emit(console, ComparisonReports.html(comparison));
            default -> output.emit(console, ComparisonReports.text(comparison));
        }
        return 0;
    }
}
