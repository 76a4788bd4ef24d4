package dev.distill.app.dockerfile;

import dev.distill.oci.ImageConfig;

import java.util.List;

/**
 * A stage with every instruction evaluated: the file-system steps to run in order, the image configuration the
 * stage ends with (its base's, changed by ENV, USER, WORKDIR, CMD, …), the author a MAINTAINER set (null: the
 * base's), and what a stage built FROM this one inherits (shell, build environment with ARG values).
 */
public record ResolvedStage(PlannedStage planned, List<Step> steps, ImageConfig.Container config, String author,
        List<String> shell, List<String> buildEnv) {
    public ResolvedStage {
        steps = List.copyOf(steps);
        shell = List.copyOf(shell);
        buildEnv = List.copyOf(buildEnv);
    }

    public int index() {
        return planned.index();
    }
}
