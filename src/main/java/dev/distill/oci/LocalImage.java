package dev.distill.oci;

import dev.distill.common.AtomicFiles;
import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An image named on the command line, found on this machine: {@code NAME:TAG} in the default layout ({@code ./out}),
 * {@code oci:DIR[:NAME:TAG]}, {@code oci-archive:FILE[:NAME:TAG]}, or a path to a layout directory or an OCI archive
 * (which must then hold exactly one name). Archives are extracted to a temporary directory, removed on close.
 */
public record LocalImage(String name, BlobSource blobs, Descriptor top, Path temporary) implements AutoCloseable {

    public static LocalImage open(String reference, Path defaultLayout) {
        if (reference.startsWith("oci:")) {
            String rest = reference.substring(4);
            String[] parts = splitRef(rest);
            return inLayout(OciLayout.open(Path.of(parts[0])), parts[1], reference, null);
        }
        if (reference.startsWith("oci-archive:")) {
            String[] parts = splitRef(reference.substring("oci-archive:".length()));
            return inArchive(Path.of(parts[0]), parts[1], reference);
        }
        Path asPath = Path.of(reference);
        if (Files.isDirectory(asPath) && OciLayout.isLayout(asPath)) {
            return inLayout(OciLayout.open(asPath), null, reference, null);
        }
        if (Files.isRegularFile(asPath)) {
            return inArchive(asPath, null, reference);
        }
        if (!OciLayout.isLayout(defaultLayout)) {
            throw new DistillException("no image " + reference + ": " + defaultLayout + " is not an OCI layout (build "
                    + "one with 'distill build', or name an image as oci:DIR:NAME or oci-archive:FILE)");
        }
        return inLayout(OciLayout.open(defaultLayout), reference, reference, null);
    }

    /** The single-platform image for {@code platform} (null: the only one, or this machine's). */
    public Image image(Platform platform) {
        return ImageReader.image(blobs, top, name, platform);
    }

    @Override
    public void close() {
        if (temporary != null) {
            try (Stream<Path> walk = Files.walk(temporary)) {
                walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
            } catch (IOException ignored) {
                // a leftover temporary directory is harmless
            }
        }
    }

    private static LocalImage inArchive(Path file, String ref, String reference) {
        Path dir;
        try {
            dir = Files.createTempDirectory("distill-archive");
        } catch (IOException e) {
            throw new DistillException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            return inLayout(OciArchive.extract(file, dir), ref, reference, dir);
        } catch (RuntimeException e) {
            new LocalImage(reference, null, null, dir).close();
            throw e;
        }
    }

    private static LocalImage inLayout(OciLayout layout, String ref, String reference, Path temporary) {
        Descriptor top;
        String name = ref;
        if (ref == null) {
            var named = layout.index().manifests().stream().filter(d -> d.refName() != null).toList();
            var all = layout.index().manifests();
            if (named.size() == 1) {
                top = named.get(0);
                name = top.refName();
            } else if (named.isEmpty() && all.size() == 1) {
                top = all.get(0);
                name = reference;
            } else {
                throw new DistillException(reference + " holds several images (" + String.join(", ", layout.refNames())
                        + "): name one, as oci:DIR:NAME");
            }
        } else {
            top = layout.resolve(ref);
        }
        return new LocalImage(name, layout, top, temporary);
    }

    /** {@code path[:name:tag]} → path and ref (or null); a ref is what follows the first colon after the path. */
    private static String[] splitRef(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new String[] {text, null};
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }
}
