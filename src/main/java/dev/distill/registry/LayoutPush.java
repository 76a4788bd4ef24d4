package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.oci.Descriptor;
import dev.distill.oci.OciLayout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes images of an OCI layout, each with the SBOM artifacts that describe it, to registry repositories, one after
 * the other. A blob that a repository pushed to earlier in the same run holds is mounted instead of uploaded.
 */
public final class LayoutPush {
    /** One image to push: its descriptor in the layout (with its ref name, if it has one) and where it goes. */
    public record Item(Descriptor top, ImageReference target) {
    }

    private final Registries registries;
    private final OciLayout layout;

    public LayoutPush(Registries registries, OciLayout layout) {
        this.registries = registries;
        this.layout = layout;
    }

    /**
     * Every image to every destination, destinations first; an image whose repository name differs from the
     * first image's goes to the sibling repository of its own name. Fails when two images would get the same tag
     * (a destination with a tag takes one image).
     */
    public static List<Item> plan(List<Descriptor> images, List<PushDestination> destinations) {
        List<Item> items = new ArrayList<>();
        Map<String, Descriptor> byTarget = new HashMap<>();
        String first = images.isEmpty() ? null : PushDestination.repositoryOf(images.get(0).refName());
        for (PushDestination destination : destinations) {
            for (Descriptor image : images) {
                String own = PushDestination.repositoryOf(image.refName());
                PushDestination to = own != null && first != null && !own.equals(first)
                        ? destination.sibling(image.refName()) : destination;
                ImageReference target = to.referenceFor(image.refName());
                Descriptor other = byTarget.putIfAbsent(target.toString(), image);
                if (other != null) {
                    throw new DistillException(ExitCode.USAGE, name(other) + " and " + name(image)
                            + " would both be pushed to " + target + ": give the destination without a tag so each "
                            + "image keeps its own, or push them one at a time");
                }
                items.add(new Item(image, target));
            }
        }
        return items;
    }

    private static String name(Descriptor image) {
        return image.refName() != null ? image.refName() : "image " + image.digest();
    }

    public List<PushedImage> push(List<Item> items, TransferListener listener) {
        ImagePush push = new ImagePush(registries);
        Map<String, Set<String>> pushedTo = new HashMap<>();
        List<PushedImage> pushed = new ArrayList<>();
        for (Item item : items) {
            ImageReference target = item.target();
            Set<String> repositories = pushedTo.computeIfAbsent(target.registry(), r -> new LinkedHashSet<>());
            List<String> mountFrom = repositories.stream().filter(r -> !r.equals(target.repository())).toList();
            List<Descriptor> artifacts = LayoutReferrers.of(layout, item.top());
            TransferTally tally = new TransferTally(listener);
            push.push(new PushRequest(layout, item.top(), target, List.of(), artifacts, mountFrom), tally);
            repositories.add(target.repository());
            pushed.add(new PushedImage(item.top().refName(), target, item.top().digest(), artifacts.size(),
                    tally.summary()));
        }
        return pushed;
    }
}
