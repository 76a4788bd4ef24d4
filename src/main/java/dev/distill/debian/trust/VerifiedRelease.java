package dev.distill.debian.trust;

import java.time.Instant;

/**
 * The signed part of an {@code InRelease} file after its signature was accepted.
 *
 * @param signedText        the signed lines exactly as covered by the signature: dash-escaping undone, trailing
 *                          spaces and tabs removed, each line ended by LF; nothing outside the signed block
 * @param signerFingerprint fingerprint (upper-case hex) of the key or subkey that made the accepted signature
 * @param signerUserId      the first user ID of that key's primary key
 * @param signedAt          the signature's creation time
 * @param hashAlgorithm     the signature's hash algorithm, named as in OpenPGP ({@code SHA256}, {@code SHA512})
 */
public record VerifiedRelease(byte[] signedText, String signerFingerprint, String signerUserId, Instant signedAt,
                              String hashAlgorithm) {
}
