package dev.distill.container;

import java.util.List;

/** The identity a container's process runs with, resolved from an image's {@code User}. */
public record ProcessUser(int uid, int gid, List<Integer> additionalGids, String home) {
    public ProcessUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
