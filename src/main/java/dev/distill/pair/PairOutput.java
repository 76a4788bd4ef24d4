package dev.distill.pair;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;
import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.DockerArchive;
import dev.distill.oci.Image;
import dev.distill.oci.ImageReader;
import dev.distill.oci.Manifest;
import dev.distill.oci.OciArchive;
import dev.distill.oci.OciJson;
import dev.distill.oci.OciLayout;
import dev.distill.oci.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where a build goes, written so that a failed build leaves the previous output as it was: an OCI layout
 * directory (blobs are added under temporary names, {@code index.json} is replaced last and atomically; a new
 * layout is built under a temporary name and renamed), or a single archive file written beside its final name and
 * renamed.
 */
public final class PairOutput {
    public enum Format { OCI, OCI_ARCHIVE, DOCKER_ARCHIVE }

    private PairOutput() {
    }

    /**
     * Runs {@code build} against a layout and publishes the result in {@code format} at {@code path}.
     *
     * @param build writes blobs into the layout and returns what to tag (each descriptor with its ref name set)
     * @param dockerArch the architecture written to a docker archive (it holds one platform)
     */
    public static List<Descriptor> write(Format format, Path path, String dockerArch, long mtime,
                                         Function<OciLayout, List<Descriptor>> build) {
        Path target = path.toAbsolutePath();
        try {
            if (format == Format.OCI && OciLayout.isLayout(target)) {
                OciLayout layout = OciLayout.open(target);
                List<Descriptor> tagged = build.apply(layout);
                tag(layout, tagged);
                return tagged;
            }
            if (format == Format.OCI && Files.exists(target) && !isEmptyDir(target)) {
                throw new DistillException(path + " exists and is not an OCI layout: refusing to overwrite it");
            }
            Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
            try {
                OciLayout layout = OciLayout.openOrCreate(tmp);
                List<Descriptor> tagged = build.apply(layout);
                tag(layout, tagged);
                switch (format) {
                    case OCI -> {
                        if (Files.exists(target)) {
                            Files.delete(target);
                        }
                        AtomicFiles.moveIntoPlace(tmp, target);
                    }
                    case OCI_ARCHIVE -> OciArchive.write(layout, target, mtime);
                    case DOCKER_ARCHIVE -> writeDockerArchive(layout, tagged, dockerArch, target, mtime);
                }
                return tagged;
            } finally {
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new DistillException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Tags what an earlier, identical build left in the layout (see {@link BuildRecords}). */
    public static void retag(OciLayout layout, List<Descriptor> entries) {
        tag(layout, entries);
    }

    /**
     * Lists {@code entries} in the layout's index, replacing what their ref names pointed at, and drops the
     * untagged artifacts (SBOMs) whose subject no tagged image has any more.
     */
    private static void tag(OciLayout layout, List<Descriptor> entries) {
        layout.updateIndex(manifests -> {
            for (Descriptor d : entries) {
                if (d.refName() != null) {
                    manifests.removeIf(m -> d.refName().equals(m.refName()));
                }
                manifests.removeIf(m -> m.refName() == null && m.digest().equals(d.digest()));
                manifests.add(d);
            }
            Set<Digest> images = new HashSet<>();
            for (Descriptor m : manifests) {
                if (m.refName() != null) {
                    ImageReader.images(layout, m, m.refName()).forEach(i -> images.add(i.descriptor().digest()));
                }
            }
            manifests.removeIf(m -> m.refName() == null && m.artifactType() != null
                    && !images.contains(subjectOf(layout, m)));
            return manifests;
        });
    }

    private static Digest subjectOf(OciLayout layout, Descriptor artifact) {
        var manifest = OciJson.read(layout.read(artifact.digest()), Manifest.class,
                "artifact " + artifact.digest());
        return manifest.subject() == null ? null : manifest.subject().digest();
    }

    private static void writeDockerArchive(OciLayout layout, List<Descriptor> tagged, String arch, Path target,
                                           long mtime) {
        List<Image> images = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (Descriptor d : tagged) {
            if (d.refName() != null) {
                images.add(ImageReader.image(layout, d, d.refName(), Platform.ofDebianArch(arch)));
                tags.add(d.refName());
            }
        }
        DockerArchive.write(images, tags, target, mtime);
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
