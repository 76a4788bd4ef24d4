package dev.distill.app.dockerfile;

import dev.distill.oci.Platform;

/** An image a build reads, as written in the Dockerfile (variables substituted), for the given platform. */
public record ImageSource(String reference, Platform platform) implements StageBase, CopyOrigin {
}
