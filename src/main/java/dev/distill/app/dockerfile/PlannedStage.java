package dev.distill.app.dockerfile;

import dev.distill.oci.Platform;

import java.util.Map;

/**
 * A stage the build needs: what it starts from, the platform it runs for, and where each of its COPY
 * instructions reads from (by the COPY's line).
 */
public record PlannedStage(Stage stage, StageBase base, Platform platform, Map<Integer, CopyOrigin> copyOrigins) {
    public PlannedStage {
        copyOrigins = Map.copyOf(copyOrigins);
    }

    public int index() {
        return stage.index();
    }

    /** The stage's name, or null if it has none. */
    public String name() {
        return stage.name();
    }
}
