package dev.distill.app;

import dev.distill.oci.Descriptor;

/**
 * The image a build wrote: its manifest's descriptor in the layout, the tag it got (null: untagged), and how many of
 * its layers it has and how many of those came from the base image.
 */
public record BuiltImage(Descriptor manifest, String tag, int layers, int baseLayers) {
}
