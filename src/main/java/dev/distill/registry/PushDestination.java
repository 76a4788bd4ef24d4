package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;

/**
 * Where a push goes, as a user writes it: {@code HOST[:PORT]/REPO}, where each image keeps its own tag, or
 * {@code HOST[:PORT]/REPO:TAG}, where the image gets that tag.
 *
 * @param tag the tag given, or null to use each image's own
 */
public record PushDestination(String registry, String repository, String tag) {

    public static PushDestination parse(String text) {
        ImageReference parsed = ImageReference.parse(text);
        if (parsed.digest() != null) {
            throw new DistillException(ExitCode.USAGE, "cannot push to " + text + ": a destination is "
                    + "HOST[:PORT]/REPO or HOST[:PORT]/REPO:TAG (the digest is the image's own)");
        }
        String path = text.strip().substring(text.strip().indexOf('/') + 1);
        return new PushDestination(parsed.registry(), parsed.repository(), path.contains(":") ? parsed.tag() : null);
    }

    /**
     * The reference an image is pushed to: this destination's tag, else the tag of the image's name in the layout
     * ({@code python:3.13} → {@code 3.13}), else {@code latest}.
     *
     * @param imageName the image's name in the layout, or null when it has none
     */
    public ImageReference referenceFor(String imageName) {
        return new ImageReference(registry, repository, tag != null ? tag : tagOf(imageName), null);
    }

    private static String tagOf(String imageName) {
        if (imageName == null) {
            return "latest";
        }
        int colon = imageName.lastIndexOf(':');
        return colon > imageName.lastIndexOf('/') ? imageName.substring(colon + 1) : "latest";
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag);
    }
}
