package dev.distill.registry;

import dev.distill.oci.Descriptor;

/**
 * Per-blob events of a push or pull, for progress display. Called from the transferring thread; every method
 * does nothing by default.
 */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {
    };

    /** The blob's bytes start moving (again, after a retry). */
    default void started(Descriptor blob) {
    }

    /** {@code transferred} of the blob's {@code size()} bytes have been sent or received in this attempt. */
    default void progress(Descriptor blob, long transferred) {
    }

    default void done(Descriptor blob) {
    }

    /** The destination already had the blob: nothing was transferred. */
    default void skipped(Descriptor blob) {
    }

    /** The registry linked the blob from another repository it holds: nothing was transferred. */
    default void mounted(Descriptor blob, String fromRepository) {
    }
}
