package dev.distill.compare;

import dev.distill.common.AtomicFiles;
import dev.distill.common.Json;
import dev.distill.oci.Image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link FileSystemFacts} by manifest digest, one JSON file each: comparing images compared before reads no layer.
 * A manifest digest fixes every layer, so an entry never goes stale; {@link #FORMAT} changes when the facts read
 * from a file system do. An entry that cannot be read is read from the image again.
 */
public final class FactsCache {
    private static final String FORMAT = "facts-1";

    private final Path dir;

    public FactsCache(Path dir) {
        this.dir = dir;
    }

    public FileSystemFacts facts(Image image) {
        Path file = dir.resolve(FORMAT + "-" + image.descriptor().digest().hex() + ".json");
        if (Files.isRegularFile(file)) {
            try {
                return Json.mapper().readValue(file.toFile(), FileSystemFacts.class);
            } catch (IOException | RuntimeException e) {
                // read from the image again, below
            }
        }
        FileSystemFacts facts = FileSystemFacts.read(image);
        try {
            AtomicFiles.write(file, Json.mapper().writeValueAsBytes(facts));
        } catch (IOException | RuntimeException e) {
            // not kept: the next comparison reads the image again
        }
        return facts;
    }
}
