package dev.distill.oci;

/** A layer blob written to a store: its descriptor (compressed digest and size) and its diff id. */
public record Layer(Descriptor descriptor, Digest diffId, long uncompressedSize) {
}
