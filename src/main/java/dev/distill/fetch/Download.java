package dev.distill.fetch;

import java.net.URI;

/**
 * A file to download and verify.
 *
 * @param size   the exact size in bytes, or -1 when unknown
 * @param sha256 the expected SHA-256 (hex)
 * @param label  what the file is, for progress and messages (a package name, an index path)
 */
public record Download(URI url, long size, String sha256, String label) {
}
