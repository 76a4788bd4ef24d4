package dev.distill.cli;

/** Names of images in a layout, as given on the command line. */
final class LayoutNames {
    private LayoutNames() {
    }

    /** {@code NAME[:TAG]} with {@code :latest} added when no tag is given. */
    static String withTag(String name) {
        return name.substring(name.lastIndexOf('/') + 1).contains(":") ? name : name + ":latest";
    }
}
