package dev.distill.fetch;

/** Receives download progress. Implementations must be thread-safe: downloads run in parallel. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    /** A batch starts: {@code files} downloads totalling {@code bytes} bytes (cached files excluded). */
    default void begin(String what, int files, long bytes) {
    }

    default void advance(long bytes) {
    }

    default void fileDone(String label) {
    }

    default void end() {
    }
}
