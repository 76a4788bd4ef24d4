package dev.distill.container;

import java.util.List;

/**
 * What unpacking an image found worth knowing: files that keep a setuid or setgid bit, and entries that were not
 * created (device nodes, FIFOs). Paths are relative to the root file system.
 */
public record UnpackReport(List<String> setuidOrSetgid, List<String> skipped) {
    public UnpackReport {
        setuidOrSetgid = List.copyOf(setuidOrSetgid);
        skipped = List.copyOf(skipped);
    }
}
