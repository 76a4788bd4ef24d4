package dev.distill.registry;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.time.Duration;

/** Runs an attempt again after transient failures, with backoff, a bounded number of times. */
final class Retrier {
    /** One attempt; {@code attempt} counts from 1. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt) throws TransientFailure, IOException;
    }

    private final RetryPolicy policy;

    Retrier(RetryPolicy policy) {
        this.policy = policy;
    }

    /** The attempt's result; after the last failed attempt a {@link DistillException} saying {@code what} failed. */
    <T> T run(String what, Attempt<T> attempt) {
        for (int n = 1; ; n++) {
            TransientFailure failure;
            try {
                return attempt.run(n);
            } catch (TransientFailure e) {
                failure = e;
            } catch (IOException e) {
                failure = new TransientFailure(e);
            }
            if (n >= policy.maxAttempts()) {
                throw new DistillException(what + " failed after " + n + (n == 1 ? " attempt: " : " attempts: ")
                        + failure.getMessage(), failure);
            }
            sleep(policy.delayAfter(n, failure.retryAfter()), what);
        }
    }

    private static void sleep(Duration delay, String what) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("interrupted while waiting to retry " + what, e);
        }
    }
}
