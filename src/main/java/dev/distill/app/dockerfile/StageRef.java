package dev.distill.app.dockerfile;

/** An earlier stage of the same Dockerfile, by index. */
public record StageRef(int index) implements StageBase, CopyOrigin {
}
