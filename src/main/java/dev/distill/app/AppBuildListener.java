package dev.distill.app;

import dev.distill.app.dockerfile.Step;

/** What a build reports while it runs. */
public interface AppBuildListener {
    AppBuildListener NONE = new AppBuildListener() {
    };

    default void warning(String message) {
    }

    /** A step of {@code stage} (as {@code Stage#describe} names it) starts, or was found in the cache. */
    default void step(String stage, Step step, boolean cached) {
    }

    /** What a RUN step printed. */
    default void output(String text) {
    }
}
