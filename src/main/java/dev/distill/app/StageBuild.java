package dev.distill.app;

import dev.distill.app.dockerfile.Instruction;
import dev.distill.app.dockerfile.ResolvedStage;
import dev.distill.oci.ImageConfig;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A stage while it is built: the image at the bottom of its FROM chain (null for scratch), the layers its chain
 * added so far, the cache key of its last step, the time its entries get, and its root file system once a step had
 * to run (until then nothing is unpacked).
 */
final class StageBuild {
    private final ResolvedStage resolved;
    private final BaseImage base;
    private final long mtime;
    private final List<StepRecord> layers;
    private final List<ImageConfig.History> inheritedHistory;
    private final Set<Integer> linesWithLayers = new HashSet<>();
    private String key;
    private Path rootfs;

    private StageBuild(ResolvedStage resolved, BaseImage base, long mtime, String key, List<StepRecord> layers,
            List<ImageConfig.History> inheritedHistory) {
        this.resolved = resolved;
        this.base = base;
        this.mtime = mtime;
        this.key = key;
        this.layers = new ArrayList<>(layers);
        this.inheritedHistory = List.copyOf(inheritedHistory);
    }

    /** A stage on an image ({@code base}) or on scratch ({@code base} null). */
    static StageBuild onImage(ResolvedStage resolved, BaseImage base, long mtime, String key) {
        return new StageBuild(resolved, base, mtime, key, List.of(), List.of());
    }

    /** A stage built FROM an earlier, finished stage. */
    static StageBuild onStage(ResolvedStage resolved, StageBuild parent) {
        return new StageBuild(resolved, parent.base, parent.mtime, parent.key, parent.layers, parent.history());
    }

    ResolvedStage resolved() {
        return resolved;
    }

    String describe() {
        return resolved.planned().stage().describe();
    }

    BaseImage base() {
        return base;
    }

    long mtime() {
        return mtime;
    }

    String key() {
        return key;
    }

    List<StepRecord> layers() {
        return List.copyOf(layers);
    }

    Path rootfs() {
        return rootfs;
    }

    void materialized(Path newRootfs) {
        this.rootfs = newRootfs;
    }

    /** Records a finished step: its key becomes the stage's, its layer (if any) is added. */
    void stepDone(int line, String stepKey, StepRecord record) {
        key = stepKey;
        if (record.hasLayer()) {
            layers.add(record);
            linesWithLayers.add(line);
        }
    }

    /** One entry per instruction of the FROM chain, marked empty unless it added a layer. */
    List<ImageConfig.History> history() {
        List<ImageConfig.History> history = new ArrayList<>(inheritedHistory);
        String created = Instant.ofEpochSecond(mtime).toString();
        for (Instruction instruction : resolved.planned().stage().instructions()) {
            boolean empty = !linesWithLayers.contains(instruction.line());
            history.add(new ImageConfig.History(created, instruction.text(), null, null, empty ? Boolean.TRUE : null));
        }
        return history;
    }
}
