package dev.distill.cli;

import dev.distill.oci.Layer;
import dev.distill.pair.PairBuildListener;

import java.util.Locale;

/** Prints each layer as it is written, on a terminal only. */
final class BuildProgress implements PairBuildListener {
    private final Console console;
    private final boolean quiet;

    BuildProgress(Console console, boolean quiet) {
        this.console = console;
        this.quiet = quiet;
    }

    @Override
    public void layerWritten(String arch, String group, Layer layer) {
        print(arch, group, layer, "");
    }

    @Override
    public void layerReused(String arch, String group, Layer layer) {
        print(arch, group, layer, " (cached)");
    }

    private void print(String arch, String group, Layer layer, String note) {
        if (console.isTerminal() && !quiet) {
            console.note(String.format(Locale.ROOT, "  layer %-28s %-6s %7.1f MB  %s%s", group, arch,
                    layer.descriptor().size() / 1e6, layer.descriptor().digest().shortHex(), note));
        }
    }
}
