package dev.distill.registry;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records transfer events as {@code kind digest} lines. */
class RecordingListener implements TransferListener {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void started(Descriptor blob) {
        events.add("started " + blob.digest());
    }

    @Override
    public void done(Descriptor blob) {
        events.add("done " + blob.digest());
    }

    @Override
    public void skipped(Descriptor blob) {
        events.add("skipped " + blob.digest());
    }

    @Override
    public void mounted(Descriptor blob, String fromRepository) {
        events.add("mounted " + blob.digest());
    }

    /** The digests of the events of one kind, in order. */
    List<Digest> digests(String kind) {
        return events.stream().filter(e -> e.startsWith(kind + " "))
                .map(e -> Digest.parse(e.substring(kind.length() + 1))).toList();
    }
}
