package dev.distill.cli;

import dev.distill.common.AtomicFiles;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where a command's document goes: standard output, or the {@code --output} file. */
final class CommandOutput {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of printing.")
    Path output;

    void emit(Console console, byte[] document) {
        if (output == null) {
            console.out().print(new String(document, StandardCharsets.UTF_8));
            console.out().flush();
        } else {
            Path target = console.workingDir().resolve(output);
            AtomicFiles.write(target, document);
            console.note("wrote " + target);
        }
    }

    void emit(Console console, String document) {
        emit(console, document.getBytes(StandardCharsets.UTF_8));
    }
}
