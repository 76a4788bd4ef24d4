package dev.distill.registry;

/**
 * What a push or pull did with the blobs it needed.
 *
 * @param transferred blobs uploaded or downloaded
 * @param skipped     blobs the destination already had
 * @param mounted     blobs the registry linked from another repository
 * @param bytes       bytes of the transferred blobs
 */
public record TransferSummary(int transferred, int skipped, int mounted, long bytes) {
}
