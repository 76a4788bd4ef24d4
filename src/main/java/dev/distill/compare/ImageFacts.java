package dev.distill.compare;

import dev.distill.oci.Descriptor;
import dev.distill.oci.Digest;
import dev.distill.oci.Image;
import dev.distill.oci.ImageFilesystem;
import dev.distill.sbom.ImageInventory;
import dev.distill.sbom.Sbom;
import dev.distill.sbom.SbomSubject;
import dev.distill.vuln.ScanResult;

import java.util.ArrayList;
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

    private static final List<String> SHELLS = List.of("sh", "bash", "dash", "busybox");
    private static final List<String> PACKAGE_MANAGERS = List.of("apt", "apt-get", "dpkg");

    /**
     * The size a package brings: the bytes of the regular files its file list names, or (without a file list)
     * its {@code Installed-Size}.
     */
    public record PackageSize(String name, String version, String arch, long bytes, boolean fromFiles) {
        public String key() {
            return name + ":" + arch;
        }
    }

    public static ImageFacts of(String name, Image image, ImageInventory inventory, ScanResult scan) {
        ImageFilesystem fs = inventory.filesystem();
        Sbom sbom = inventory.sbom(SbomSubject.of(name, image));
        Map<String, PackageSize> sizes = new LinkedHashMap<>();
        for (ImageInventory.InstalledPackage p : inventory.packages()) {
            PackageSize size = size(fs, p);
            sizes.putIfAbsent(size.key(), size);
        }
        return new ImageFacts(name, image.platform().debianArch(), image.descriptor().digest(), image.compressedSize(),
                image.layers().stream().map(Descriptor::digest).toList(), sbom.packages().size(),
                present(fs, SHELLS), present(fs, PACKAGE_MANAGERS), sizes, scan);
    }

    public boolean hasShell() {
        return !shells.isEmpty();
    }

    public boolean hasPackageManager() {
        return !packageManagers.isEmpty();
    }

    private static PackageSize size(ImageFilesystem fs, ImageInventory.InstalledPackage p) {
        String version = p.record().control().get("Version", "");
        if (!p.files().isEmpty()) {
            long bytes = 0;
            for (String file : p.files()) {
                bytes += fs.nodeAt(file).filter(ImageFilesystem.Node::isFile).map(ImageFilesystem.Node::size).orElse(0L);
            }
            return new PackageSize(p.name(), version, p.arch(), bytes, true);
        }
        String installed = p.record().control().get("Installed-Size", "");
        long kib = installed.strip().matches("\\d{1,15}") ? Long.parseLong(installed.strip()) : 0;
        return new PackageSize(p.name(), version, p.arch(), kib * 1024, false);
    }

    /** The commands of {@code names} that {@code /usr/bin} or {@code /bin} holds as a file (links followed). */
    private static List<String> present(ImageFilesystem fs, List<String> names) {
        List<String> found = new ArrayList<>();
        for (String command : names) {
            for (String dir : List.of("usr/bin/", "bin/", "usr/sbin/", "sbin/")) {
                if (fs.isFile(dir + command)) {
                    found.add(command);
                    break;
                }
            }
        }
        return found;
    }
}
