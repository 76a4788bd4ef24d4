package dev.distill.app;

import dev.distill.common.DistillException;
import dev.distill.oci.Image;
import dev.distill.oci.OciLayout;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** An image a build reads (a stage's base or a COPY --from source), with the layout that holds its blobs. */
record BaseImage(String reference, Image image, OciLayout store) {
    /** Identifies the image's content in cache keys. */
    String key() {
        return "image " + image.descriptor().digest();
    }

    /** The image's creation time in seconds since the epoch, 0 when it has none. */
    long createdSeconds() {
        String created = image.config().created();
        if (created == null) {
            return 0;
        }
        try {
            return Instant.parse(created).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new DistillException("image " + reference + " has an invalid creation time '" + created + "'", e);
        }
    }
}
