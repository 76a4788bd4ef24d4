package dev.distill.compare;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Image;
import dev.distill.vuln.ScanResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the comparison shows of one image: compressed size (the sum of its manifest's layer sizes), layers, SBOM
 * package count, the shells and package managers its file system holds, each package's size, and the scan result
 * when there is a vulnerability database.
 */
public record ImageFacts(
        String name,
        String arch,
        Digest manifestDigest,
        long compressedSize,
        List<Digest> layers,
        int packageCount,
        List<String> shells,
        List<String> packageManagers,
        Map<String, PackageSize> packages,
        ScanResult scan) {

    /**
     * The size a package brings: the bytes of the regular files its file list names, or (without a file list)
     * its {@code Installed-Size}.
     */
    public record PackageSize(String name, String version, String arch, long bytes, boolean fromFiles) {
        public String key() {
            return name + ":" + arch;
        }
    }

    public static ImageFacts of(String name, Image image, FileSystemFacts read, ScanResult scan) {
        Map<String, PackageSize> sizes = new LinkedHashMap<>();
        read.sizes().forEach(size -> sizes.put(size.key(), size));
        return new ImageFacts(name, image.platform().debianArch(), image.descriptor().digest(), image.compressedSize(),
                image.layers().stream().map(Descriptor::digest).toList(), read.sbomPackages().size(), read.shells(),
                read.packageManagers(), sizes, scan);
    }

    public boolean hasShell() {
        return !shells.isEmpty();
    }

    public boolean hasPackageManager() {
        return !packageManagers.isEmpty();
    }
}
