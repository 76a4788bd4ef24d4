package dev.distill.registry;

import dev.distill.oci.Descriptor;

/** A manifest or index as the registry served it: its exact bytes and the descriptor that names them. */
public record FetchedManifest(Descriptor descriptor, byte[] content) {
}
