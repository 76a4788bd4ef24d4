package dev.distill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.oci.Descriptor;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.registry.LayoutPush;
import dev.distill.registry.PushDestination;
import dev.distill.registry.PushedImage;
import dev.distill.registry.Registries;
import dev.distill.registry.TransferSummary;

import java.util.List;
import java.util.Locale;

/** Pushes images of a layout for a command ({@code push}, {@code build --push}) and prints what was stored. */
final class Pushing {
    private Pushing() {
    }

    /** The destinations given on the command line, checked before any work starts. */
    static List<PushDestination> destinations(List<String> refs) {
        return refs.stream().map(PushDestination::parse).toList();
    }

    /**
     * Pushes every image to every destination, with progress on a terminal, then prints a line per stored tag on
     * standard output, or one JSON document.
     */
    static void push(Console console, Registries registries, OciLayout layout, List<Descriptor> images,
                     List<PushDestination> destinations, boolean quiet, boolean json) {
        List<LayoutPush.Item> items = LayoutPush.plan(images, destinations);
        List<PushedImage> pushed = new LayoutPush(registries, layout)
                .push(items, new TransferProgress(console, quiet, "push"));
        if (json) {
            ObjectNode root = OciJson.mapper().createObjectNode();
            ArrayNode list = root.putArray("pushed");
            for (PushedImage image : pushed) {
                ObjectNode entry = list.addObject();
                entry.put("image", image.image());
                entry.put("reference", image.reference().toString());
                entry.put("digest", image.digest().toString());
                entry.put("artifacts", image.artifacts());
                TransferJson.putBlobs(entry, image.blobs(), "uploaded");
            }
            TransferJson.print(console, root);
            return;
        }
        for (PushedImage image : pushed) {
            TransferSummary blobs = image.blobs();
            console.out().printf(Locale.ROOT, "pushed %s %s: blobs: %d uploaded (%.1f MB), %d mounted, %d already "
                            + "there; artifacts: %d%n", image.reference(), image.digest(), blobs.transferred(),
                    blobs.bytes() / 1e6, blobs.mounted(), blobs.skipped(), image.artifacts());
        }
        console.out().flush();
    }
}
