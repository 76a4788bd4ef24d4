package dev.distill.app;

import dev.distill.container.RunResult;
import dev.distill.container.RunSpec;

import java.nio.file.Path;

/** Runs a RUN step's process on a stage's root file system: {@code ContainerRunner::run} outside tests. */
@FunctionalInterface
public interface StepRunner {
    RunResult run(Path rootfs, RunSpec spec);
}
