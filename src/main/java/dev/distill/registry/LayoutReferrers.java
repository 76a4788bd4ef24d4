package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.BlobSource;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageIndex;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the artifacts (SBOMs) that describe an image in a layout. Distill lists them in {@code index.json} without
 * a ref name; each is a manifest whose {@code subject} is the image manifest it describes.
 */
public final class LayoutReferrers {
    private LayoutReferrers() {
    }

    /** The artifact manifests whose subject is {@code top} or a manifest under it, as index.json lists them. */
    public static List<Descriptor> of(OciLayout layout, Descriptor top) {
        Set<Digest> subjects = new HashSet<>();
        collectManifests(layout, top, subjects, 0);
        List<Descriptor> found = new ArrayList<>();
        for (Descriptor entry : layout.index().manifests()) {
            if (entry.refName() != null || !MediaTypes.isManifest(entry.mediaType())) {
                continue;
            }
            Manifest manifest = OciJson.read(layout.read(entry.digest()), Manifest.class,
                    layout.root() + " manifest " + entry.digest());
            if (manifest.subject() != null && subjects.contains(manifest.subject().digest())) {
                found.add(entry);
            }
        }
        return found;
    }

    private static void collectManifests(BlobSource blobs, Descriptor descriptor, Set<Digest> into, int depth) {
        if (depth > 4) {
            throw new DistillException("indexes nested too deeply under " + descriptor.digest());
        }
        into.add(descriptor.digest());
        if (MediaTypes.isIndex(descriptor.mediaType())) {
            ImageIndex index = OciJson.read(blobs.read(descriptor.digest()), ImageIndex.class,
                    "index " + descriptor.digest());
            for (Descriptor child : index.manifests()) {
                collectManifests(blobs, child, into, depth + 1);
            }
        }
    }
}
