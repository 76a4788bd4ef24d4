package dev.distill.app;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.Manifest;
import dev.distill.oci.MediaTypes;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the target stage as an image: the base image's layer descriptors unchanged, then the stage's layers; the
 * configuration the instructions produced, created at the stage's fixed time; blobs first, the name in
 * {@code index.json} last, so nothing names an incomplete image.
 */
final class ImageAssembly {
    private final Path layoutDir;
    private final OciLayout store;

    ImageAssembly(Path layoutDir, OciLayout store) {
        this.layoutDir = layoutDir;
        this.store = store;
    }

    BuiltImage write(StageBuild target, Platform stagePlatform, String tag) {
        OciLayout layout = OciLayout.openOrCreate(layoutDir);
        BaseImage base = target.base();
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        List<ImageConfig.History> history = new ArrayList<>();
        ImageConfig baseConfig = base == null ? null : base.image().config();
        if (base != null) {
            for (Descriptor layer : base.image().layers()) {
                layout.copyBlobFrom(base.store().blobPath(layer.digest()), layer.digest());
                layers.add(layer);
            }
            diffIds.addAll(baseConfig.diffIds());
            if (baseConfig.history() != null) {
                history.addAll(baseConfig.history());
            }
        }
        for (StepRecord step : target.layers()) {
            layout.copyBlobFrom(store.blobPath(step.layer().digest()), step.layer().digest());
            layers.add(step.layer());
            diffIds.add(step.diffId());
        }
        history.addAll(target.history());
        Platform platform = baseConfig != null ? baseConfig.platform() : stagePlatform;
        String author = target.resolved().author() != null ? target.resolved().author()
                : baseConfig != null ? baseConfig.author() : null;
        ImageConfig config = new ImageConfig(Instant.ofEpochSecond(target.mtime()).toString(), author,
                platform.architecture(), platform.os(), platform.variant(), target.resolved().config(),
                ImageConfig.RootFs.layers(diffIds), history);
        Descriptor configDescriptor = layout.writeBlob(MediaTypes.OCI_CONFIG, OciJson.write(config));
        Descriptor manifest = layout.writeBlob(MediaTypes.OCI_MANIFEST,
                OciJson.write(Manifest.image(configDescriptor, layers, null))).withPlatform(platform);
        if (tag != null) {
            layout.tag(tag, manifest);
        } else {
            layout.updateIndex(entries -> {
                entries.removeIf(entry -> entry.refName() == null && entry.digest().equals(manifest.digest()));
                entries.add(manifest);
                return entries;
            });
        }
        return new BuiltImage(manifest, tag, layers.size(), base == null ? 0 : base.image().layers().size());
    }
}
