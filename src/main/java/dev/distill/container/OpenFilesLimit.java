package dev.distill.container;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code RLIMIT_NOFILE} a container gets: Docker's 1048576, unless this process may not raise its own hard
 * limit that far (no {@code CAP_SYS_RESOURCE}, as in some sandboxes), where runc would fail to start anything; then
 * the hard limit this process has.
 */
final class OpenFilesLimit {
    static final long DOCKER = 1_048_576;
    private static final int CAP_SYS_RESOURCE = 24;

    private OpenFilesLimit() {
    }

    static long forContainers() {
        try {
            if (hasEffectiveCapability(Files.readString(Path.of("/proc/self/status")), CAP_SYS_RESOURCE)) {
                return DOCKER;
            }
            return Math.min(DOCKER, hardLimit(Files.readString(Path.of("/proc/self/limits"))));
        } catch (IOException e) {
            throw new DistillException("cannot read this process's limits from /proc: " + e.getMessage(), e);
        }
    }

    static boolean hasEffectiveCapability(String procStatus, int capability) {
        return procStatus.lines().filter(l -> l.startsWith("CapEff:"))
                .map(l -> Long.parseUnsignedLong(l.substring("CapEff:".length()).trim(), 16))
                .anyMatch(mask -> (mask & (1L << capability)) != 0);
    }

    static long hardLimit(String procLimits) {
        return procLimits.lines().filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[1])
                .map(hard -> hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard))
                .findFirst().orElse(DOCKER);
    }
}
