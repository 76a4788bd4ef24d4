package dev.distill.registry;

import java.time.Duration;

/**
 * How often and how patiently a failed registry request is tried again: 5xx answers, 429 (after its
 * {@code Retry-After}), timeouts and broken connections. Other failures are not retried.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofMinutes(2));
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    Duration delayAfter(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        Duration delay = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
