package dev.distill.rootfs;

import java.nio.file.Path;

/** A verified {@code .deb} to unpack, with the name and version the lock expects it to be. */
public record PackageFile(String name, String version, String architecture, String source, Path deb) {
}
