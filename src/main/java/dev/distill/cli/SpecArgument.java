package dev.distill.cli;

import dev.distill.spec.Catalog;

/** Finds the spec a command names (a file, ./catalog/NAME.yaml, or the bundled catalog). */
final class SpecArgument {
    private SpecArgument() {
    }

    static Catalog.Found find(Console console, String nameOrPath) {
        return new Catalog(console.workingDir()).find(nameOrPath);
    }
}
