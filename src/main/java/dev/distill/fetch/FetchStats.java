package dev.distill.fetch;

/** What a fetcher did: for summaries and for tests that count requests. */
public record FetchStats(int downloads, long bytesDownloaded, int cacheHits, int retries) {
}
