package dev.distill.sbom;

import java.util.List;

/**
 * One installed Debian package, as both SBOM formats describe it.
 *
 * @param sourceName    the source package ({@code glibc} for {@code libc6}); the binary name when the control
 *                      paragraph has no {@code Source}
 * @param sourceVersion the source version ({@code Source: name (version)}), else the binary version
 * @param maintainer    the {@code Maintainer} field, or null
 * @param license       an SPDX licence expression, or {@code NOASSERTION}
 * @param installedSize {@code Installed-Size} in KiB, or -1 when the paragraph has none
 * @param dependsOn     the installed packages this one depends on (Depends and Pre-Depends, each group satisfied
 *                      by its first alternative that is installed or provided), sorted
 * @param summary       the first line of {@code Description}, or null
 */
public record SbomPackage(
        String name,
        String version,
        String arch,
        String sourceName,
        String sourceVersion,
        String maintainer,
        String license,
        long installedSize,
        List<String> dependsOn,
        String summary,
        String purl) {

    public SbomPackage {
        dependsOn = List.copyOf(dependsOn);
    }

    /** {@code name:arch}, unique within one image. */
    public String key() {
        return name + ":" + arch;
    }
}
