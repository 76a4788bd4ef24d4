package dev.distill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.common.DistillException;
import dev.distill.oci.OciJson;
import dev.distill.registry.TransferSummary;

/** The {@code --json} documents of push and pull. */
final class TransferJson {
    private TransferJson() {
    }

    /** {@code "blobs": {"<transferred>": n, "mounted": n, "skipped": n, "<transferred>Bytes": n}}. */
    static void putBlobs(ObjectNode entry, TransferSummary summary, String transferred) {
        ObjectNode blobs = entry.putObject("blobs");
        blobs.put(transferred, summary.transferred());
        blobs.put("mounted", summary.mounted());
        blobs.put("skipped", summary.skipped());
        blobs.put(transferred + "Bytes", summary.bytes());
    }

    static void print(Console console, ObjectNode document) {
        try {
            console.out().print(OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n");
            console.out().flush();
        } catch (JsonProcessingException e) {
            throw new DistillException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
