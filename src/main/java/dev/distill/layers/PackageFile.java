package dev.distill.layers;

import java.nio.file.Path;

/** A verified {@code .deb} to unpack, with the name, version and SHA-256 the lock expects it to have. */
public record PackageFile(String name, String version, String architecture, String source, String sha256, Path deb) {
}
