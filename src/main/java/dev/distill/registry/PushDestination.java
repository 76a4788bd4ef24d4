package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;

/**
 * Where a push goes, as a user writes it: {@code HOST[:PORT]/REPO}, where each image keeps its own tag, or
 * {@code HOST[:PORT]/REPO:TAG}, where the image gets that tag. A pair whose dev image has a name of its own
 * ({@code jre:21} and {@code jdk:21}) sends the dev image to the sibling repository of that name
 * ({@code HOST/team/jre} → {@code HOST/team/jdk:21}), so neither image takes the other's tag.
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

    /**
     * The destination for an image whose repository name differs from that of the first image pushed: the
     * repository next to this one, named after the image ({@code team/jre} and {@code jdk:21} → {@code team/jdk}).
     */
    public PushDestination sibling(String imageName) {
        String name = repositoryOf(imageName);
        int slash = repository.lastIndexOf('/');
        return new PushDestination(registry, repository.substring(0, slash + 1) + name, tag);
    }

    /** The repository part of an image's name in the layout, without host or tag: {@code python:3.13} → python. */
    public static String repositoryOf(String imageName) {
        if (imageName == null) {
            return null;
        }
        int colon = imageName.lastIndexOf(':');
        String repository = colon > imageName.lastIndexOf('/') ? imageName.substring(0, colon) : imageName;
        return repository.substring(repository.lastIndexOf('/') + 1);
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
