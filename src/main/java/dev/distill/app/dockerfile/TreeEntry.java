package dev.distill.app.dockerfile;

import java.nio.file.Path;

/** A file, directory or symbolic link to copy: its slash-separated relative path and where it is on disk. */
public record TreeEntry(String path, Kind kind, Path location) {
    public enum Kind {
        DIRECTORY, FILE, SYMLINK
    }
}
