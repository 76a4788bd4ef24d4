package dev.distill.registry;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts what happened to the blobs of a transfer, each blob once (a blob that several manifests share is met
 * again after it arrived), passing every event on to another listener.
 */
public final class TransferTally implements TransferListener {
    private final TransferListener next;
    private final Set<Digest> counted = new HashSet<>();
    private int transferred;
    private int skipped;
    private int mounted;
    private long bytes;

    public TransferTally(TransferListener next) {
        this.next = next;
    }

    @Override
    public void started(Descriptor blob) {
        next.started(blob);
    }

    @Override
    public void progress(Descriptor blob, long done) {
        next.progress(blob, done);
    }

    @Override
    public synchronized void done(Descriptor blob) {
        if (counted.add(blob.digest())) {
            transferred++;
            bytes += blob.size();
        }
        next.done(blob);
    }

    @Override
    public synchronized void skipped(Descriptor blob) {
        if (counted.add(blob.digest())) {
            skipped++;
        }
        next.skipped(blob);
    }

    @Override
    public synchronized void mounted(Descriptor blob, String fromRepository) {
        if (counted.add(blob.digest())) {
            mounted++;
        }
        next.mounted(blob, fromRepository);
    }

    public synchronized TransferSummary summary() {
        return new TransferSummary(transferred, skipped, mounted, bytes);
    }
}
