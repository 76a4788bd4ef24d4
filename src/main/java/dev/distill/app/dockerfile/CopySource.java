package dev.distill.app.dockerfile;

import java.nio.file.Path;
import java.util.List;

/**
 * What one COPY source (or one match of a wildcard source) names: {@code path} as matched (relative to the tree's
 * root), {@code location} on disk after following a symbolic link the source itself is, and for a directory its
 * {@code contents} (paths relative to the directory; links inside are kept as links), in walk order.
 */
public record CopySource(String path, Path location, TreeEntry.Kind kind, List<TreeEntry> contents) {
    public CopySource {
        contents = List.copyOf(contents);
    }
}
