package dev.distill.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** The top-level {@code distill} command. */
@Command(name = "distill",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Build minimal container image pairs (runtime + dev) from Debian packages, without a daemon.",
        description = {
            "",
            "A spec names the packages of a runtime image (no shell, no package manager, non-root) and of its dev",
            "variant (the same layers plus a shell, apt and build tools). Specs are YAML files or names from the",
            "bundled catalog (see 'distill catalog list').",
            "",
            "Typical use:",
            "  distill build python            build python:3.13 and python:3.13-dev into ./out",
            "  distill lock python             pin every package by SHA-256 in python.lock.json",
            "  distill why python libssl3t64   show what pulled a package in",
            "  distill sbom python:3.13        print the SPDX SBOM of an image in ./out",
            "  distill db update               download vulnerability data and index it",
            "  distill scan python:3.13        list the image's known vulnerabilities",
            "  distill compare python          runtime vs dev: size, packages, vulnerabilities",
            "  distill catalog report          every pair of the catalog side by side",
            "  distill build-app -t app:1 .    build ./Dockerfile (multi-stage) into ./out",
            "  distill push python HOST/python push the pair with its SBOMs to a registry",
            "  distill pull HOST/python:3.13   pull an image and its SBOMs into ./out",
            ""},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  failure (bad input, network or I/O error, a build step failed)",
            "  2  usage error (unknown command or option)",
            "  3  a check failed (signature, digest, policy, vulnerability threshold)",
            "  4  the lock does not match the spec, or cannot be met (--locked)",
            "",
            "Environment: DISTILL_CACHE (cache directory, default ~/.cache/distill), SOURCE_DATE_EPOCH",
            "(timestamp for generated files), DISTILL_REGISTRY_USER and DISTILL_REGISTRY_PASSWORD (registry",
            "credentials), DISTILL_DEBUG=1 (stack traces)."})
final class DistillCommand {
    /** Every subcommand, in the order {@code --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            LockCommand.class,
            FetchCommand.class,
            WhyCommand.class,
            BuildCommand.class,
            RunCommand.class,
            VerifyCommand.class,
            SbomCommand.class,
            ScanCommand.class,
            CompareCommand.class,
            CatalogCommand.class,
            DbCommand.class,
            BuildAppCommand.class,
            PushCommand.class,
            PullCommand.class);

    private final Console console;

    @Option(names = "--debug", description = "Print stack traces of failures.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean debug;

    DistillCommand(Console console) {
        this.console = console;
    }

    Console console() {
        return console;
    }
}
