package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.BlobSource;
import dev.distill.oci.Descriptor;
import dev.distill.oci.OciLayout;

import java.util.List;

/**
 * What to push: the image (an index, possibly multi-platform, or a manifest) found in {@code source} under
 * {@code top}, to {@code target} under each of {@code tags} (the target's own tag when the list is empty).
 *
 * @param referrers artifact manifests (SBOMs) in {@code source} whose subject is a manifest of the image
 * @param mountFrom other repositories of the target registry that this command pushed to: blobs they hold are
 *                  mounted instead of uploaded
 */
public record PushRequest(
        BlobSource source,
        Descriptor top,
        ImageReference target,
        List<String> tags,
        List<Descriptor> referrers,
        List<String> mountFrom) {

    public PushRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        referrers = referrers == null ? List.of() : List.copyOf(referrers);
        mountFrom = mountFrom == null ? List.of() : List.copyOf(mountFrom);
        if (target.digest() != null && !target.digest().equals(top.digest())) {
            throw new DistillException("cannot push image " + top.digest() + " to " + target
                    + ": the reference names another digest");
        }
    }

    public static PushRequest of(BlobSource source, Descriptor top, ImageReference target, List<String> tags) {
        return new PushRequest(source, top, target, tags, List.of(), List.of());
    }

    /** The image a layout names {@code refName}, with the SBOM artifacts the layout holds for it. */
    public static PushRequest fromLayout(OciLayout layout, String refName, ImageReference target, List<String> tags) {
        Descriptor top = layout.resolve(refName);
        return new PushRequest(layout, top, target, tags, LayoutReferrers.of(layout, top), List.of());
    }

    public PushRequest withReferrers(List<Descriptor> newReferrers) {
        return new PushRequest(source, top, target, tags, newReferrers, mountFrom);
    }

    public PushRequest withMountFrom(List<String> newMountFrom) {
        return new PushRequest(source, top, target, tags, referrers, newMountFrom);
    }

    /** The tags the top manifest is stored under. */
    List<String> effectiveTags() {
        if (!tags.isEmpty()) {
            return tags;
        }
        return target.tag() == null ? List.of() : List.of(target.tag());
    }
}
