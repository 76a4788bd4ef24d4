package dev.distill.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.LocalImage;
import dev.distill.policy.Check;
import dev.distill.policy.PolicyReport;
import dev.distill.policy.RuntimePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check images against the runtime policy: no shell (sh, bash, dash, busybox, …), no package",
            "manager (apt, dpkg, …), no setuid/setgid file, a non-root user, and every file installed by a package",
            "or made by a named Distill effect. Every platform of a multi-arch image is checked.",
            "Exit code 3 when an image fails a rule.",
            "",
            "Example: distill verify python:3.13"})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "NAME:TAG in the layout, oci:DIR:NAME, oci-archive:FILE.")
    List<String> references;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Mixin
    ImageOptions images;

    @Override
    public Integer call() throws Exception {
        Console console = parent.console();
        List<PolicyReport> reports = new ArrayList<>();
        RuntimePolicy policy = new RuntimePolicy();
        for (String reference : references) {
            try (LocalImage local = images.open(console, reference)) {
                List<Image> all = images.arch == null ? ImageReader.images(local.blobs(), local.top(), local.name())
                        : List.of(images.image(local));
                for (Image image : all) {
                    reports.add(policy.check(local.name(), image));
                }
            }
        }
        if (json) {
            console.out().println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(reports));
        } else {
            for (PolicyReport r : reports) {
                console.out().println(r.image() + " (" + r.platform() + "): " + (r.passed() ? "passes" : "FAILS")
                        + " the runtime policy");
                for (Check c : r.checks()) {
                    console.out().printf("  %-4s  %-50s %s%n", c.passed() ? "ok" : "FAIL", c.rule(), c.summary());
                }
            }
        }
        if (reports.stream().anyMatch(r -> !r.passed())) {
            List<String> failed = reports.stream().filter(r -> !r.passed()).map(r -> r.image() + " (" + r.platform() + ")")
                    .distinct().toList();
            throw new DistillException(ExitCode.CHECK_FAILED, "the runtime policy fails for " + String.join(", ", failed));
        }
        return 0;
    }
}
