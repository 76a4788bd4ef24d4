package dev.distill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.oci.Descriptor;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.registry.ImagePull;
import dev.distill.registry.ImageReference;
import dev.distill.registry.LayoutReferrers;
import dev.distill.registry.TransferSummary;
import dev.distill.registry.TransferTally;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "pull", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pull an image from a registry into the layout: the index or manifest, every",
            "manifest, config and layer, and the artifacts (SBOMs) that refer to it. Each",
            "blob is verified against its digest as it streams: a mismatch stores nothing",
            "and exits with code 3. The name is set last, so a failed pull leaves no name",
            "pointing at missing content. Blobs the layout has are not downloaded again.",
            "",
            "Examples:",
            "  distill pull registry.example:5000/python:3.13-dev",
            "      (named python:3.13-dev in ./out)",
            "  distill pull registry.example:5000/team/app:1.0 --as app:1"})
final class PullCommand implements Callable<Integer> {
    @ParentCommand
    DistillCommand parent;

    @Parameters(paramLabel = "REF", description = "HOST[:PORT]/REPO[:TAG][@sha256:DIGEST].")
    String ref;

    @Option(names = "--as", paramLabel = "NAME[:TAG]",
            description = "The name in the layout (default: the repository's last part and the tag).")
    String as;

    @Option(names = "--layout", paramLabel = "DIR", defaultValue = "out",
            description = "The OCI layout to pull into, created if missing (default: ${DEFAULT-VALUE}).")
    Path layout;

    @Mixin
    TransferOptions transfer;

    @Override
    public Integer call() {
        Console console = parent.console();
        ImageReference reference = ImageReference.parse(ref);
        String name = as != null ? LayoutNames.withTag(as) : reference.localName();
        OciLayout into = OciLayout.openOrCreate(console.workingDir().resolve(layout));
        TransferTally tally = new TransferTally(new TransferProgress(console, transfer.quiet, "pull"));
        Descriptor top;
        try (Services services = new Services(console, transfer.quiet)) {
            top = new ImagePull(services.registries(transfer.access)).pull(reference, into, name, tally);
        }
        int artifacts = LayoutReferrers.of(into, top).size();
        TransferSummary blobs = tally.summary();
        if (transfer.json) {
            ObjectNode root = OciJson.mapper().createObjectNode();
            ObjectNode pulled = root.putObject("pulled");
            pulled.put("reference", reference.toString());
            pulled.put("name", name);
            pulled.put("digest", top.digest().toString());
            pulled.put("mediaType", top.mediaType());
            pulled.put("layout", into.root().toString());
            pulled.put("artifacts", artifacts);
            TransferJson.putBlobs(pulled, blobs, "downloaded");
            TransferJson.print(console, root);
        } else {
            console.out().printf(Locale.ROOT, "pulled %s as %s %s: blobs: %d downloaded (%.1f MB), %d already "
                            + "there; artifacts: %d%n", reference, name, top.digest(), blobs.transferred(),
                    blobs.bytes() / 1e6, blobs.skipped(), artifacts);
            console.out().flush();
        }
        return 0;
    }
}
