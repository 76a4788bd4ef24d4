package dev.distill.registry;

import dev.distill.oci.Digest;

/**
 * An image a push stored: its name in the layout (null when it had none), the reference it is served under now, its
 * digest, how many artifacts (SBOMs) went with it, and what happened to its blobs.
 */
public record PushedImage(String image, ImageReference reference, Digest digest, int artifacts,
                          TransferSummary blobs) {
}
