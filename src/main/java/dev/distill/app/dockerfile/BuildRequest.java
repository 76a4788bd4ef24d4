package dev.distill.app.dockerfile;

import dev.distill.oci.Platform;

import java.util.Map;

/**
 * What to build: the target stage (a name or an index; null for the last stage), the {@code --build-arg} values,
 * the platform the image is for and the platform the build runs on (Docker's TARGETPLATFORM and BUILDPLATFORM).
 */
public record BuildRequest(String target, Map<String, String> buildArgs, Platform targetPlatform,
        Platform buildPlatform) {
    public BuildRequest {
        buildArgs = Map.copyOf(buildArgs);
    }
}
