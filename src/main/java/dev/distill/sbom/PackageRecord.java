package dev.distill.sbom;

import dev.distill.debian.Paragraph;

/**
 * What an SBOM is made from for one installed package: its control paragraph (from {@code status},
 * {@code status.d/<pkg>} or the {@code .deb}'s control file) and the text of its
 * {@code /usr/share/doc/<pkg>/copyright}, or null when the package ships none.
 */
public record PackageRecord(Paragraph control, String copyright) {
}
