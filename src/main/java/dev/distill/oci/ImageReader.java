package dev.distill.oci;

import dev.distill.common.DistillException;

import java.util.ArrayList;
import java.util.List;

/** Reads images from a blob source, following indexes down to the per-platform manifests. */
public final class ImageReader {
    private ImageReader() {
    }

    /** Every single-platform image reachable from {@code top} (an index, a nested index, or a manifest). */
    public static List<Image> images(BlobSource blobs, Descriptor top, String name) {
        List<Image> images = new ArrayList<>();
        collect(blobs, top, name, images, 0);
        return images;
    }

    /** The image for {@code platform} under {@code top}, or a clear error naming the platforms there are. */
    public static Image image(BlobSource blobs, Descriptor top, String name, Platform platform) {
        List<Image> all = images(blobs, top, name);
        if (platform == null) {
            if (all.size() == 1) {
                return all.get(0);
            }
            platform = Platform.ofDebianArch(hostDebianArch());
        }
        for (Image image : all) {
            if (image.platform().matches(platform)) {
                return image;
            }
        }
        List<String> available = all.stream().map(i -> i.platform().toString()).toList();
        throw new DistillException(name + " has no image for " + platform + " (it has " + available + ")");
    }

    /** Reads one image manifest and its config. */
    public static Image manifestImage(BlobSource blobs, Descriptor descriptor, String name) {
        byte[] manifestBytes = blobs.read(descriptor.digest());
        Manifest manifest = OciJson.read(manifestBytes, Manifest.class, name + " manifest " + descriptor.digest());
        if (manifest.config() == null) {
            throw new DistillException(name + " manifest " + descriptor.digest() + " has no config");
        }
        byte[] configBytes = blobs.read(manifest.config().digest());
        ImageConfig config = OciJson.read(configBytes, ImageConfig.class, name + " config " + manifest.config().digest());
        return new Image(descriptor, manifest, config, blobs);
    }

    public static ImageIndex index(BlobSource blobs, Descriptor descriptor, String name) {
        return OciJson.read(blobs.read(descriptor.digest()), ImageIndex.class, name + " index " + descriptor.digest());
    }

    /** This machine's architecture as Debian names it. */
    public static String hostDebianArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static void collect(BlobSource blobs, Descriptor descriptor, String name, List<Image> into, int depth) {
        if (depth > 4) {
            throw new DistillException(name + ": indexes nested too deeply");
        }
        String mediaType = descriptor.mediaType();
        if (MediaTypes.isIndex(mediaType)) {
            for (Descriptor child : index(blobs, descriptor, name).manifests()) {
                if (MediaTypes.isIndex(child.mediaType()) || isImageManifest(child)) {
                    collect(blobs, child, name, into, depth + 1);
                }
            }
        } else if (MediaTypes.isManifest(mediaType)) {
            Image image = manifestImage(blobs, descriptor, name);
            if (image.manifest().config() != null && isImageConfig(image.manifest().config().mediaType())) {
                into.add(image);
            }
        } else {
            throw new DistillException(name + ": unsupported media type " + mediaType);
        }
    }

    private static boolean isImageManifest(Descriptor child) {
        return MediaTypes.isManifest(child.mediaType()) && child.artifactType() == null;
    }

    private static boolean isImageConfig(String mediaType) {
        return MediaTypes.OCI_CONFIG.equals(mediaType) || MediaTypes.DOCKER_CONFIG.equals(mediaType);
    }
}
