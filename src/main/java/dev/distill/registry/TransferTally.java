package dev.distill.registry;

import dev.distill.oci.Descriptor;

/** Counts what happened to each blob of a transfer, passing every event on to another listener. */
public final class TransferTally implements TransferListener {
    private final TransferListener next;
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
        transferred++;
        bytes += blob.size();
        next.done(blob);
    }

    @Override
    public synchronized void skipped(Descriptor blob) {
        skipped++;
        next.skipped(blob);
    }

    @Override
    public synchronized void mounted(Descriptor blob, String fromRepository) {
        mounted++;
        next.mounted(blob, fromRepository);
    }

    public synchronized TransferSummary summary() {
        return new TransferSummary(transferred, skipped, mounted, bytes);
    }
}
