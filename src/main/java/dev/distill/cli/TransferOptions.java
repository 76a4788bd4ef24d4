package dev.distill.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What push and pull share: how registries are reached, and how the transfer is shown. */
final class TransferOptions {
    @Option(names = "--json",
            description = "Print the result as JSON: references, digests, and blobs transferred, mounted and skipped.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Mixin
    RegistryAccess access;
}
