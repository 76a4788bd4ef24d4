package dev.distill.app;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The build cache, a directory (the Distill cache's {@code build} area) holding {@code layers/}, an OCI layout
 * whose blobs are the layers steps produced and the base images pulled from registries or archives, and
 * {@code steps/<key>.json}, what the step with that key produced. A key is the hash of everything that determines
 * the step's result, so a record is never replaced by a different one.
 */
public final class BuildCache {
    private final OciLayout store;
    private final Path steps;

    public BuildCache(Path dir) {
        this.store = OciLayout.openOrCreate(dir.resolve("layers"));
        this.steps = dir.resolve("steps");
    }

    /** Where layers and pulled base image blobs are kept. */
    public OciLayout store() {
        return store;
    }

    /** The record of the step with this key, if it was built before and its layer is still there. */
    Optional<StepRecord> find(String key) {
        Path file = steps.resolve(key + ".json");
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DistillException("cannot read build cache entry " + file + ": " + e.getMessage(), e);
        }
        StepRecord record = OciJson.read(json, StepRecord.class, "build cache entry " + file);
        if (record.hasLayer() && !store.has(record.layer().digest())) {
            return Optional.empty();
        }
        return Optional.of(record);
    }

    void record(String key, StepRecord record) {
        AtomicFiles.write(steps.resolve(key + ".json"), OciJson.write(record));
    }
}
