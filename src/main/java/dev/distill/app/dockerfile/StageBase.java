package dev.distill.app.dockerfile;

/** What a stage starts from: an image, an earlier stage's result, or nothing ({@code FROM scratch}). */
public sealed interface StageBase permits ImageSource, StageRef, StageBase.Scratch {
    /** {@code FROM scratch}: an empty file system. */
    record Scratch() implements StageBase {
    }
}
