package dev.distill.app;

import dev.distill.container.RunSpec;
import dev.distill.oci.Platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code distill build-app} was asked for: the Dockerfile and context, the tag for the result (null: untagged),
 * {@code --build-arg} values, the target stage (null: the last), the network RUN steps get unless they ask for
 * another, the platform to build for, and SOURCE_DATE_EPOCH (null when unset).
 */
public record AppBuildOptions(Path dockerfile, Path context, String tag, Map<String, String> buildArgs, String target,
        RunSpec.Network network, Platform platform, Long sourceDateEpoch) {
    public AppBuildOptions {
        buildArgs = Map.copyOf(buildArgs);
    }
}
