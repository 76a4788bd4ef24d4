package dev.distill.cli;

import dev.distill.common.AtomicFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Prints a document, or writes it to the {@code --output} file when one was given. */
final class CommandOutput {
    private CommandOutput() {
    }

    static void emit(Console console, Path output, byte[] document) {
        if (output == null) {
            console.out().print(new String(document, StandardCharsets.UTF_8));
            console.out().flush();
        } else {
            Path target = console.workingDir().resolve(output);
            AtomicFiles.write(target, document);
            console.note("wrote " + target);
        }
    }

    static void emit(Console console, Path output, String document) {
        emit(console, output, document.getBytes(StandardCharsets.UTF_8));
    }
}
