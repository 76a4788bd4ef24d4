package dev.distill.fetch;

import java.time.Duration;

/** Bounded retries with exponential backoff for idempotent requests. */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8));

    public Duration delayBefore(int attempt) {
        long millis = firstDelay.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
