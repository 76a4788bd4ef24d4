package dev.distill.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where packages come from and how they are trusted: shared by every command that reads the archive. */
final class ArchiveOptions {
    @Option(names = "--mirror", paramLabel = "URL",
            description = "Debian mirror (default: the spec's 'mirror', else this host's apt sources).")
    String mirror;

    @Option(names = "--security-mirror", paramLabel = "URL",
            description = "Debian security archive (default: the spec's, else this host's apt sources).")
    String securityMirror;

    @Option(names = "--keyring", paramLabel = "FILE",
            description = "Also trust the OpenPGP keys in FILE (binary or armoured) to sign InRelease. Repeatable.")
    List<Path> keyrings = new ArrayList<>();

    @Option(names = "--allow-expired",
            description = "Accept InRelease files whose Valid-Until has passed (a pinned snapshot mirror).")
    boolean allowExpired;

    @Option(names = "--apt-dir", paramLabel = "DIR", hidden = true,
            description = "Where the host's apt sources are read (for tests).")
    Path aptDir = Path.of("/etc/apt");
}
