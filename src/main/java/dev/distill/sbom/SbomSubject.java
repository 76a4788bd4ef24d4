package dev.distill.sbom;

import dev.distill.oci.Digest;
import dev.distill.oci.Image;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The image an SBOM describes: its name ({@code python:3.13}), the digest of its manifest, its Debian architecture
 * and when it was created (the config's {@code created}, to the second, UTC; the epoch when the config has none).
 */
public record SbomSubject(String name, Digest manifestDigest, String arch, String created) {

    public static SbomSubject of(String name, Image image) {
        return new SbomSubject(name, image.descriptor().digest(), image.platform().debianArch(),
                normalizeTime(image.config().created()));
    }

    /** An RFC 3339 time as {@code YYYY-MM-DDThh:mm:ssZ}, the form SPDX requires. */
    public static String normalizeTime(String created) {
        Instant instant = Instant.EPOCH;
        if (created != null && !created.isBlank()) {
            try {
                instant = OffsetDateTime.parse(created).toInstant();
            } catch (DateTimeParseException e) {
                instant = Instant.EPOCH;
            }
        }
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
