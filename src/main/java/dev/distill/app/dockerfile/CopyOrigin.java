package dev.distill.app.dockerfile;

/** Where COPY reads from: the build context, an earlier stage's file system, or an image's. */
public sealed interface CopyOrigin permits ImageSource, StageRef, CopyOrigin.Context {
    /** The build context (no {@code --from}). */
    record Context() implements CopyOrigin {
    }
}
