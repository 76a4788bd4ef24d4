package dev.distill.cli;

import dev.distill.oci.Layer;
import dev.distill.pair.BuildListener;

import java.util.Locale;

/** Prints each layer as it is written, on a terminal only. */
final class BuildProgress implements BuildListener {
    private final Console console;
    private final boolean quiet;

    BuildProgress(Console console, boolean quiet) {
        this.console = console;
        this.quiet = quiet;
    }

    @Override
    public void layerWritten(String arch, String group, Layer layer) {
        if (console.isTerminal() && !quiet) {
            console.note(String.format(Locale.ROOT, "  layer %-28s %-6s %7.1f MB  %s", group, arch,
                    layer.descriptor().size() / 1e6, layer.descriptor().digest().shortHex()));
        }
    }
}
