package dev.distill.registry;

import java.time.Duration;

/**
 * How the registry client talks to registries.
 *
 * @param insecure                plain HTTP to every registry (by default only loopback registries get plain HTTP)
 * @param chunkedUploadThreshold  blobs larger than this many bytes are uploaded in chunks
 * @param chunkSize               bytes per chunk ({@code PATCH} request) of a chunked upload
 * @param retry                   when and how often to try again
 * @param connectTimeout          for opening a connection
 * @param requestTimeout          for requests without a large body (manifests, checks, tokens)
 */
public record RegistryOptions(
        boolean insecure,
        long chunkedUploadThreshold,
        int chunkSize,
        RetryPolicy retry,
        Duration connectTimeout,
        Duration requestTimeout) {

    public RegistryOptions {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(false, 32L << 20, 16 << 20, RetryPolicy.defaults(),
                Duration.ofSeconds(20), Duration.ofMinutes(2));
    }

    public RegistryOptions withInsecure(boolean newInsecure) {
        return new RegistryOptions(newInsecure, chunkedUploadThreshold, chunkSize, retry, connectTimeout,
                requestTimeout);
    }

    public RegistryOptions withChunking(long newThreshold, int newChunkSize) {
        return new RegistryOptions(insecure, newThreshold, newChunkSize, retry, connectTimeout, requestTimeout);
    }

    public RegistryOptions withRetry(RetryPolicy newRetry) {
        return new RegistryOptions(insecure, chunkedUploadThreshold, chunkSize, newRetry, connectTimeout,
                requestTimeout);
    }
}
