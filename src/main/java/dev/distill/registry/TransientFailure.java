package dev.distill.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** A failure worth another attempt: a 5xx or 429 answer, a timeout, a broken connection. */
final class TransientFailure extends Exception {
    private final Duration retryAfter;

    TransientFailure(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    TransientFailure(IOException cause) {
        super(describe(cause), cause);
        this.retryAfter = null;
    }

    /** What the server asked us to wait ({@code Retry-After}), or null. */
    Duration retryAfter() {
        return retryAfter;
    }

    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage();
        return "connection failed (" + e.getClass().getSimpleName() + (message == null ? "" : ": " + message) + ")";
    }
}
